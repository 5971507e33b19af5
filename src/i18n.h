/* i18n.h: gettext wrappers; every user-visible string goes through _(). */
#ifndef TIKDECK_I18N_H
#define TIKDECK_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

#endif
