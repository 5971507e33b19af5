# man pages (see top-level Makefile.am)
