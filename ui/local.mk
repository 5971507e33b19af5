# rules for ui/ (see top-level Makefile.am): the curses console, the only
# code that includes <curses.h>.  Linked into tikdeck (src/local.mk).
noinst_LIBRARIES += libtikui.a
libtikui_a_CFLAGS = $(AM_CFLAGS) $(CURSES_CFLAGS)
libtikui_a_SOURCES = \
	ui/ui.h ui/uiint.h \
	ui/app.c \
	ui/actions.c \
	ui/theme.c \
	ui/draw.c \
	ui/title.c \
	ui/views/table.c \
	ui/views/sheet.c \
	ui/views/help.c \
	ui/views/tree.c \
	ui/views/form.c \
	ui/views/preview.c \
	ui/views/api.c \
	ui/views/columns.c \
	ui/views/log.c \
	ui/views/trust.c \
	ui/views/traffic.c \
	ui/views/probe.c \
	ui/views/torch.c \
	ui/views/routers.c \
	ui/session.c \
	ui/pane.c

themesdir = $(pkgdatadir)/themes
dist_themes_DATA = \
	themes/default.conf \
	themes/light.conf \
	themes/mono.conf \
	themes/solarized-dark.conf \
	themes/high-contrast.conf \
	themes/theme.template

# The dashboard (:dashboard, the default first screen).
libtikui_a_SOURCES += ui/views/dashboard.c
