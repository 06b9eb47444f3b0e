#!/bin/sh
# Regenerate the build system: configure, Makefile.in and friends.
exec autoreconf -fi
