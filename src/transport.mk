# rules for src/ (see top-level Makefile.am)
