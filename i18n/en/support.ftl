# Customers' technical support (R5): the support archive.
kb-field-empty = the article's { $field } is empty: give it (--{ $field } TEXT)
kb-no-change = article { $code } already reads so (version { $version }): an edit that changes nothing adds no version
kb-version-not-found = article { $code } has no version { $version }: its versions are 1 to { $latest } ('svc kb show { $code }' lists them)
kb-query-empty = nothing to search for: give one or more words, e.g. 'svc kb search 黑屏'
kb-attachment-not-found = article { $code } has no document { $name } (it has: { $names }): 'svc kb attachment list { $code }'
kb-attachment-exists = article { $code } already has a document { $name }: attached documents are never replaced; attach the new one under another name (--name)
kb-attachment-corrupt = document { $name } of article { $code } does not match the SHA-256 taken when it was attached ({ $stored }, now { $actual }): it is not handed out; restore the database from a backup and run 'svc db check'
kb-attachment-unreadable = cannot read { $path }: { $reason }
kb-ticket-not-found = no ticket { $ticket }: 'svc ticket list' shows them
kb-ticket-linked = ticket { $ticket } is already answered by article { $article }: a ticket is linked to one article
kb-ticket-no-resolution = ticket { $ticket } has no resolution to draft an article from: close it with --resolution TEXT
kb-not-draft = article { $code } is not a draft: it is searchable already
kb-added = article { $code } added
kb-edited = article { $code }: version { $version } written (the earlier ones stay readable with 'svc kb show { $code } --version N')
kb-published = article { $code } published: 'svc kb search' finds it
kb-attached = article { $code }: { $name } attached ({ $size } bytes, SHA-256 { $sha256 })
kb-written = { $name } written to { $path } ({ $size } bytes, SHA-256 checked)
kb-linked = ticket { $ticket } answered by article { $code } (it has answered { $answered } { $answered ->
    [one] ticket
   *[other] tickets
  })
kb-drafted = draft article { $code } written from ticket { $ticket }: review it ('svc kb edit { $code } ...') and 'svc kb publish { $code }'
kb-hint = known answers ({ $count }): 'svc kb show CODE' for the whole article
kb-hint-line = {"  "}{ $code }  { $title }  (answered { $answered })
kb-demo =
    A technical enquiry answered from the support archive (R5.1):
      { $ticket }: answered by article { $article } (svc kb search 黑屏; svc kb show { $article })

# Return visits (R5.1.2).
visit-field-empty = the visit's { $field } is empty: say what the customer needs (--needs) and the advice given (--advice)
visit-next-not-after = the next visit ({ $next }) must come after this one ({ $day })
visit-bad-interval = { $days } days is no visit interval: give 0 (no regular visits) to 3650 days
visit-recorded = visit { $code } to { $customer } recorded; next visit due { $next }
visit-recorded-no-next = visit { $code } to { $customer } recorded; no regular visits planned for this customer
visit-scheduled = { $customer } is now visited every { $days } days (0: no regular visits)
