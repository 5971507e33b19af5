# rules for src/sim/ (see top-level Makefile.am)
