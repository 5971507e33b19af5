/*
 * views/trust.c: the TLS trust dialog.  The router's certificate did not
 * verify and no fingerprint is pinned for it: show the subject, issuer,
 * validity and SHA-256 fingerprint, and let the admin accept it once
 * (this session), accept it always (pinned in known_routers, checked on
 * every later connection) or reject it (tikdeck ends, exit status 4).
 * A pinned certificate that changed never gets here: that is refused
 * with the changed-certificate warning.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "i18n.h"
#include "known.h"
#include "resolve.h"
#include "../uiint.h"

static void trust_view_open(struct app *a, struct view *v);
static void trust_view_close(struct app *a, struct view *v);
static void trust_view_draw(struct app *a, struct view *v, WINDOW *w);
static int trust_view_action(struct app *a, struct view *v,
    enum action_id id);
static void trust_view_event(struct app *a, struct view *v,
    struct event *ev);
static void trust_accept(struct app *a, int always);

const struct view_desc view_trust = {
	"trust", CTX_TRUST,
	trust_view_open, trust_view_close, trust_view_draw,
	trust_view_action, NULL, trust_view_event, NULL, NULL, NULL, NULL,
	NULL
};

void
trust_open(struct app *a)
{
	app_push(a, &view_trust, NULL, NULL);
}

static void
trust_view_open(struct app *a, struct view *v)
{
	(void)a;
	(void)v;
}

static void
trust_view_close(struct app *a, struct view *v)
{
	(void)a;
	(void)v;
}

static void
trust_view_event(struct app *a, struct view *v, struct event *ev)
{
	(void)a;
	(void)v;
	(void)ev;
}

static void
trust_view_draw(struct app *a, struct view *v, WINDOW *w)
{
	const struct tls_peer *pe = a->s->trust_peer;
	int width = getmaxx(w), y = 0, kw = 11;
	char where[512];

	(void)v;
	if (pe == NULL)
		return;
	wattrset(w, theme_attr(R_STATUS_ERROR));
	draw_text(w, y++, 0, _(" The router's TLS certificate is not trusted "),
	    width, 0);
	y++;
	str_fmt(where, sizeof where, "%s (%s:%s)", a->s->rt->name, a->s->rt->host,
	    a->s->rt->port);
#define ROW(label, value) do { \
		wattrset(w, theme_attr(R_SHEET_NAME)); \
		draw_text(w, y, 1, (label), kw, 0); \
		wattrset(w, theme_attr(R_SHEET_VALUE)); \
		y += draw_wrap(w, y, kw + 2, (value), width - kw - 3, 2); \
	} while (0)
	ROW(_("router"), where);
	ROW(_("subject"), pe->subject);
	ROW(_("issuer"), pe->issuer);
	str_fmt(where, sizeof where, _("from %s to %s"), pe->not_before,
	    pe->not_after);
	ROW(_("valid"), where);
	{	/* whole bytes per line: "AB:CD:..." */
		size_t len = strlen(pe->sha256), per, off = 0;
		int vw = width - kw - 3;

		per = vw >= 3 ? (size_t)(vw + 1) / 3 * 3 : 3;
		wattrset(w, theme_attr(R_SHEET_NAME));
		draw_text(w, y, 1, _("SHA-256"), kw, 0);
		wattrset(w, theme_attr(R_SHEET_VALUE));
		while (off < len) {
			char part[sizeof pe->sha256];
			size_t n = len - off < per ? len - off : per;

			memcpy(part, pe->sha256 + off, n);
			part[n] = '\0';
			if (n > 0 && part[n - 1] == ':')
				part[n - 1] = '\0';
			draw_text(w, y++, kw + 2, part, vw, 0);
			off += n;
		}
	}
	if (pe->verify_error[0] != '\0')
		ROW(_("problem"), pe->verify_error);
#undef ROW
	y++;
	wattrset(w, theme_attr(R_HELP_TEXT));
	y += draw_wrap(w, y, 1, _("Compare the fingerprint with the router's "
	    "(/certificate print detail, on its console or in WinBox) before "
	    "you accept: anyone on the path could be presenting this one."),
	    width - 2, 3);
	y++;
#define KEY(k, text) do { \
		wattrset(w, theme_attr(R_HELP_KEY)); \
		draw_text(w, y, 2, (k), 3, 0); \
		wattrset(w, theme_attr(R_HELP_TEXT)); \
		draw_text(w, y++, 6, (text), width - 7, 0); \
	} while (0)
	KEY("o", _("accept once: this session only"));
	KEY("a", _("accept always: pin it in known_routers"));
	KEY("r", _("reject: do not connect"));
#undef KEY
}

/* Connect again with the certificate pinned for this connection. */
static void
trust_accept(struct app *a, int always)
{
	char err[512], fp[sizeof a->s->trust_peer->sha256];

	str_copy(fp, sizeof fp, a->s->trust_peer->sha256);
	if (always && known_add(a->s->rt->known_path, a->s->rt->key, fp, err,
	    sizeof err) == -1) {
		app_status(a, R_STATUS_ERROR, _("not pinned: %s; accepted "
		    "for this session"), err);
		always = 0;
	}
	if (app_dial(a, fp, err, sizeof err) == -1) {
		app_status(a, R_STATUS_ERROR, "%s", err);
		return;
	}
	a->s->redial = 1;
	app_pop(a);
	if (always)
		app_status(a, R_STATUS_INFO, _("pinned in %s: later "
		    "connections check this certificate"), a->s->rt->known_path);
	else
		app_status(a, R_STATUS_INFO, "%s", _("certificate accepted "
		    "for this session"));
}

static int
trust_view_action(struct app *a, struct view *v, enum action_id id)
{
	(void)v;
	switch (id) {
	case ACT_TRUST_ONCE:
		trust_accept(a, 0);
		return 1;
	case ACT_TRUST_ALWAYS:
		trust_accept(a, 1);
		return 1;
	case ACT_REJECT:
		a->exit_code = EXEC_TLS_TRUST;
		a->quit = 1;
		return 1;
	default:
		return 0;
	}
}
