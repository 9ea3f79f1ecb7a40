# Hostile text at the edges of a terminal, and other findings of the attack review
# (src/hostile.rs).

hostile-argument-control = the argument { $value } holds the control character { $char }: a terminal acts on it (it can move the cursor, retitle the window or hide text) when the record is shown. Only tab and line breaks are text; nothing was done. Type the text again without it
hostile-argument-carriage-return = the argument { $value } holds a carriage return (U+000D): a script saved with Windows line ends (CRLF) passes one at the end of every line. Nothing was done. Save the script with Unix line ends (dos2unix), or remove the carriage return
hostile-attachment-name = { $name } cannot name an attached document: it is written under that name by 'svc kb attachment get', so it must be a plain file name, without '/', not '.' or '..', and without control or invisible characters. Give another with --name
hostile-database-not-regular = { $path } is not a regular file (a directory, a device, a pipe or a socket): a database is a file. Name the database file with --db or SVC_DB
hostile-database-damaged = the database file is damaged (SQLite: database disk image is malformed): { $what } could not be done, and nothing was written. Keep the file as it is for investigation, and restore the last backup with 'svc db restore BACKUP'
hostile-time-in-gap = { $time } does not exist in the business time zone: the clocks skip that hour (daylight saving time begins). Give the time as it was shown on the clock, an hour later, or with its offset (RFC 3339)
hostile-help-not-written = the help could not be written ({ $reason })
hostile-output-system-place = { $path } is in /dev, /proc or /sys, or a symlink leads there (/dev/stdout is one): those are the system's, and svc writes no record there, not even with --force. Name a file, or '-' for standard output
