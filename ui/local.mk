# rules for ui/ (see top-level Makefile.am)
