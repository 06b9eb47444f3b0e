/*
 * number.h: the strict reading of a number from a command line,
 * shared by mpmgrd's options, the mpmgr tool, the address parser and the
 * benchmark programs, so that "3x", "" and "99999999999999999999" are
 * refused the same way everywhere (atoi() would take them as 3, 0 and
 * something else).
 */
#ifndef MPMGR_NUMBER_H
#define MPMGR_NUMBER_H

/*
 * Read TEXT, an optional '-' and decimal digits with nothing around them,
 * into *OUT.  Returns 0, or -1 when it is not such a number or lies outside
 * MIN to MAX (then *OUT is untouched).
 */
int mpmgr__parse_integer(const char *text, long long min, long long max,
                         long long *out);

/*
 * Read TEXT, a number of seconds in decimal (digits, a point, an exponent:
 * 2, 0.5, 1e-3) with nothing around it, into *OUT.  Returns 0, or -1 when
 * it is not such a number or is not above 0 and at most MAX (then *OUT is
 * untouched).
 */
int mpmgr__parse_seconds(const char *text, double max, double *out);

#endif
