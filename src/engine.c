/* engine.c: being written. */
#include "config.h"
