# rules for src/ (see top-level Makefile.am): the transport module.
libtikcore_a_SOURCES += src/transport.c src/tls.c src/tls.h src/tlsgen.c
