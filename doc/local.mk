# man pages (see top-level Makefile.am)
dist_man_MANS += doc/tikdeck.1
dist_man_MANS += doc/tikdeck.conf.5
dist_pkgdata_DATA = doc/tikdeck.conf.example
