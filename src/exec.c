/* exec.c: being written. */
#include "config.h"
