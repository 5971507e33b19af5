/* target.c: being written. */
#include "config.h"
