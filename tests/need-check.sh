#!/bin/sh
# Run by make check only when configure did not find Check: the test suites
# are C programs written with it and were not built.
echo "need-check: Check (the C unit test framework) was not found by configure." >&2
echo "need-check: install the Debian package 'check', then run ./configure and make check again." >&2
exit 1
