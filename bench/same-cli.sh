#!/usr/bin/env bash
# Whether two svc binaries say the same about their command line, byte for byte: every
# command's `--help` and `-h`, `svc help X Y`, a usage error, `svc man X Y`, the pages of
# `svc man --dir`, and the completions of every shell. For changes that must not change
# what people read (the start-up work of issue 17 builds the tree as needed).
#
#   bench/same-cli.sh OLD_SVC NEW_SVC
#
# Each binary is copied as `svc` (usage lines name the binary) and run in an empty
# directory. Prints how many outputs were compared; exits 1 at the first difference,
# with the diff.
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: bench/same-cli.sh OLD_SVC NEW_SVC" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/svc-same-cli.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/old" "$WORK/new" "$WORK/run"
cp "$1" "$WORK/old/svc"
cp "$2" "$WORK/new/svc"
cd "$WORK/run"

compared=0
same() { # args...: run both, compare stdout, stderr and exit code
    local side
    for side in old new; do
        set +e
        "$WORK/$side/svc" "$@" >"$WORK/$side.out" 2>"$WORK/$side.err"
        echo "exit $?" >>"$WORK/$side.err"
        set -e
    done
    if ! cmp -s "$WORK/old.out" "$WORK/new.out" || ! cmp -s "$WORK/old.err" "$WORK/new.err"; then
        echo "differs: svc $*" >&2
        diff "$WORK/old.out" "$WORK/new.out" >&2 || true
        diff "$WORK/old.err" "$WORK/new.err" >&2 || true
        exit 1
    fi
    compared=$((compared + 1))
}

# Every command, from the man pages' names (svc-ticket-open.1 is `ticket open`).
for side in old new; do "$WORK/$side/svc" man --dir "$WORK/$side-man" 2>/dev/null; done
diff -r "$WORK/old-man" "$WORK/new-man" >&2 || { echo "differs: svc man --dir" >&2; exit 1; }
compared=$((compared + $(ls "$WORK/old-man" | wc -l)))

# Every command, found from its parent's `--help` listing.
walk() { # words...
    same "$@" --help
    same "$@" -h
    if [ $# -gt 0 ]; then
        same help "$@"
        same man "$@"
    fi
    same "$@" --no-such-flag
    local sub subs
    subs=$("$WORK/old/svc" "$@" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }')
    if [ -n "$subs" ]; then
        same "$@"
        same "$@" no-such-command
        same "$@" help
    fi
    for sub in $subs; do
        [ "$sub" = help ] && continue
        walk "$@" "$sub"
    done
}
walk
for shell in bash zsh fish elvish powershell; do
    same completions "$shell"
done
same --version
echo "same: $compared outputs compared"
