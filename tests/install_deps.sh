#!/bin/sh
# scripts/install-deps installs by default what a user needs and the
# developer tools only with --dev, which .ci/run passes; every package of
# either list is one Debian knows (when apt-cache is there).
# Usage: install_deps.sh SOURCE_DIR
set -eu
src=$1
user=$("$src/scripts/install-deps" --print)
dev=$("$src/scripts/install-deps" --print --dev)
for p in parallel clang valgrind chromium libreoffice-calc-nogui python3-pandas; do
    if echo "$user" | grep -qx "$p"; then echo "default list has the developer tool $p"; exit 1; fi
    echo "$dev" | grep -qx "$p" || { echo "--dev list lacks $p"; exit 1; }
done
for p in cmake libpoppler-glib-dev poppler-data libpcre2-dev libcjson-dev libsqlite3-dev \
         libcmocka-dev sqlite3 python3-jsonschema; do
    echo "$user" | grep -qx "$p" || { echo "default list lacks $p"; exit 1; }
done
grep -q '^scripts/install-deps --dev$' "$src/.ci/run" || { echo ".ci/run does not pass --dev"; exit 1; }
st=0
"$src/scripts/install-deps" --bogus 2>/dev/null || st=$?
[ "$st" -eq 2 ] || { echo "an unknown argument exits $st"; exit 1; }
if command -v apt-cache >/dev/null && apt-cache show cmake >/dev/null 2>&1; then
    # shellcheck disable=SC2086
    apt-cache show $dev >/dev/null 2>&1 || { echo "apt-cache does not know one of: $dev"; exit 1; }
fi
echo "install-deps: $(echo "$user" | wc -l) packages by default, $(echo "$dev" | wc -l) with --dev"
