/* login.c: being written. */
#include "config.h"
