#!/usr/bin/env bash
# The release binary: what to install on a server. Prints the binary's path on stdout.
#
#   scripts/release.sh                      # target/<host>/release/svc
#   install -m 755 "$(scripts/release.sh)" /usr/local/bin/svc
#
# On Linux with glibc (x86_64, aarch64, ...) it is linked statically: one file that runs
# on any Linux of that architecture whatever its glibc version (a CentOS 7 or Kylin
# server included), and that starts faster, since there are no shared libraries to find,
# map and relocate (docs/performance.md, start-up). svc reads /etc/passwd itself and
# loads no NSS modules, so static glibc loses nothing it uses. Elsewhere it is the
# ordinary `cargo build --release`. The release profile (Cargo.toml) is the same for both.
#
# The flags need `--target`: Cargo applies RUSTFLAGS to proc-macro crates too when no
# target is named, and those cannot be linked statically. So the binary lands under
# target/<host>/release/, not target/release/ (CARGO_TARGET_DIR is honoured).
set -euo pipefail
cd "$(dirname "$0")/.."
host=$(rustc -vV | sed -n 's/^host: //p')
flags=
case "$host" in
    *-linux-gnu*) flags="-C target-feature=+crt-static" ;;
esac
RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }$flags" cargo build --release --locked --quiet --target "$host" >&2
echo "${CARGO_TARGET_DIR:-$PWD/target}/$host/release/svc"
