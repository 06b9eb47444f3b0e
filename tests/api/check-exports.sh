#!/bin/sh
# check-exports.sh: the shared library exports exactly the functions that
# include/mpmgr.h declares, and doc/api.md and man/libmpmgr.3 document each.
set -u

src=${MPMGR_SRCDIR:-..}
lib=${MPMGR_BUILDDIR:-.}/libclient/.libs/libmpmgr.so
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mpexports.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

[ -f "$lib" ] || { echo "SKIP: no shared library at $lib"; exit 77; }

# Declarations in the header start at the line's beginning; comments do not.
grep -E '^[a-z].*[ *]mpmgr_[a-z0-9_]+\(' "$src/include/mpmgr.h" |
    sed -E 's/^[^(]*[ *](mpmgr_[a-z0-9_]+)\(.*/\1/' | sort -u >"$tmp/declared"
nm -D --defined-only "$lib" | awk '$2 ~ /^[TDRBVWG]$/ { print $3 }' |
    sed 's/@.*//' | sort -u >"$tmp/exported"

status=0
if ! cmp -s "$tmp/declared" "$tmp/exported"; then
    echo "FAIL: exported symbols differ from mpmgr.h (< header, > library):"
    diff "$tmp/declared" "$tmp/exported" | grep '^[<>]'
    status=1
fi
for doc in doc/api.md man/libmpmgr.3; do
    while read -r name; do
        grep -q "$name\\b" "$src/$doc" || {
            echo "FAIL: $name is not documented in $doc"
            status=1
        }
    done <"$tmp/declared"
done
[ $status -eq 0 ] && echo "ok: $(wc -l <"$tmp/declared") functions, all exported and documented"
exit $status
