#!/bin/sh
# Every C file of the project is formatted as .clang-format says.  The
# formatting of clang-format changes between versions, so the check runs
# only with the version the tree was formatted with (Debian 12's, 14) and
# is skipped (status 77) otherwise.
srcdir=${MPMGR_SRCDIR:-.}
command -v clang-format >/dev/null 2>&1 || { echo "no clang-format"; exit 77; }
case $(clang-format --version) in
*" version 14."*) ;;
*) echo "clang-format is not version 14"; exit 77 ;;
esac
cd "$srcdir" || exit 1
status=0
for f in $(find common server libclient include cli examples tests bench \
        -name '*.[ch]' | sort); do
    if ! clang-format --style=file "$f" | cmp -s - "$f"; then
        echo "not formatted: $f (run clang-format -i $f)"
        status=1
    fi
done
exit $status
