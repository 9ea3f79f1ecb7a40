# Sourced by the bench scripts: the revision measured, as every benchmark records it
# (`022f34a`, `022f34a with uncommitted changes`), and nothing installed: a benchmark
# that changes the machine it measures measures something else.
bench_revision() {
    local rev dirty
    rev=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
    dirty=$(git status --porcelain -- src Cargo.toml Cargo.lock migrations 2>/dev/null | grep -q . && echo ' with uncommitted changes' || true)
    echo "$rev$dirty"
}

# hyperfine is used when it is there; otherwise a shell loop times the commands (mean
# only). Install it yourself (apt-get install hyperfine) for the full figures.
bench_note_hyperfine() { # script name
    command -v hyperfine >/dev/null ||
        echo "$1: hyperfine is not installed; timing a shell loop instead (apt-get install hyperfine for the full figures)" >&2
}
