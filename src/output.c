/* output.c: being written. */
#include "config.h"
