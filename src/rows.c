/* rows.c: being written. */
#include "config.h"
