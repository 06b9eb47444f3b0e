/* mpmgrd.c: the program's entry point (being written). */
#include "config.h"
#include <stdio.h>
int main(void) { fputs("mpmgrd: not ready\n", stderr); return 1; }
