/* cli.c: being written. */
#include "config.h"
