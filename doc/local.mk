# man pages (see top-level Makefile.am)
dist_man_MANS += doc/tikdeck.1
