# rules for bench/ (see top-level Makefile.am)
