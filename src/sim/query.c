/*
 * query.c: the print query stack machine (protocol reference section 6.4).
 *
 * Each item starts with a stack that is an endless run of "true"; every
 * query word pushes a value or runs stack operations; the item matches
 * unless a "false" is left on the stack.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "simint.h"

enum qop {
	Q_HAS,		/* ?name */
	Q_HASNOT,	/* ?-name */
	Q_EQ,		/* ?name=v, ?=name=v */
	Q_LT,		/* ?<name=v */
	Q_GT,		/* ?>name=v */
	Q_OPS		/* ?#ops */
};

struct qword {
	enum qop	 op;
	char		*name;
	char		*val;
	uint32_t	 len;
};

struct query {
	struct qword	*w;
	size_t		 n;
};

/* The stack: explicit values above an endless run of true. */
struct qstack {
	unsigned char	*v;
	size_t		 n;
	size_t		 cap;
};

static void qs_push(struct qstack *s, int v);
static int qs_pop(struct qstack *s);
static int qs_at(const struct qstack *s, size_t idx);
static void qs_ops(struct qstack *s, const char *ops);
static int q_compare(const char *a, uint32_t alen, const char *b,
    uint32_t blen);
static int q_equal(const struct kv *e, const struct qword *w);

/* Compile query words (without the leading '?'). */
struct query *
query_new(const struct tword *w, size_t n)
{
	struct query *q = xcalloc(1, sizeof *q);
	size_t i;

	q->w = xcalloc(n ? n : 1, sizeof *q->w);
	for (i = 0; i < n; i++) {
		struct qword *qw = &q->w[q->n++];
		const char *p = w[i].p, *eq;
		uint32_t len = w[i].len;

		if (len > 0 && p[0] == '#') {
			qw->op = Q_OPS;
			qw->val = xstrndup(p + 1, len - 1);
			continue;
		}
		qw->op = Q_EQ;
		if (len > 0 && (p[0] == '<' || p[0] == '>' || p[0] == '=')) {
			qw->op = p[0] == '<' ? Q_LT : p[0] == '>' ? Q_GT :
			    Q_EQ;
			p++;
			len--;
		} else if (len > 0 && p[0] == '-') {
			qw->op = Q_HASNOT;
			p++;
			len--;
		}
		eq = memchr(p, '=', len);
		if (eq == NULL) {
			if (qw->op == Q_EQ)
				qw->op = Q_HAS;
			qw->name = xstrndup(p, len);
			qw->val = xstrdup("");
			continue;
		}
		qw->name = xstrndup(p, (size_t)(eq - p));
		qw->len = (uint32_t)(p + len - eq - 1);
		qw->val = xmemdup(eq + 1, (size_t)qw->len + 1);
		qw->val[qw->len] = '\0';
	}
	return q;
}

/* Free a compiled query. */
void
query_free(struct query **qp)
{
	struct query *q = *qp;
	size_t i;

	if (q == NULL)
		return;
	for (i = 0; i < q->n; i++) {
		free(q->w[i].name);
		free(q->w[i].val);
	}
	free(q->w);
	free(q);
	*qp = NULL;
}

/* True when there is nothing to evaluate. */
int
query_empty(const struct query *q)
{
	return q == NULL || q->n == 0;
}

/* Push a value. */
static void
qs_push(struct qstack *s, int v)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->v = xrealloc(s->v, s->cap);
	}
	s->v[s->n++] = v ? 1 : 0;
}

/* Pop a value; the endless bottom gives true. */
static int
qs_pop(struct qstack *s)
{
	if (s->n == 0)
		return 1;
	return s->v[--s->n];
}

/* Value at idx from the top (0 = top). */
static int
qs_at(const struct qstack *s, size_t idx)
{
	if (idx >= s->n)
		return 1;
	return s->v[s->n - 1 - idx];
}

/* Run "?#" operations left to right. */
static void
qs_ops(struct qstack *s, const char *ops)
{
	const char *p = ops;
	int after_index = 0;

	while (*p != '\0') {
		if (isdigit((unsigned char)*p)) {
			size_t idx = 0;
			int v;

			while (isdigit((unsigned char)*p))
				idx = idx * 10 + (size_t)(*p++ - '0');
			v = qs_at(s, idx);
			if (*p == '\0') {
				/* Digits at the end replace the stack. */
				s->n = 0;
				qs_push(s, v);
				return;
			}
			qs_push(s, v);
			after_index = 1;
			continue;
		}
		switch (*p) {
		case '!':
			qs_push(s, !qs_pop(s));
			break;
		case '&': {
			int a = qs_pop(s), b = qs_pop(s);

			qs_push(s, a && b);
			break;
		}
		case '|': {
			int a = qs_pop(s), b = qs_pop(s);

			qs_push(s, a || b);
			break;
		}
		case '.':
			if (!after_index)
				qs_push(s, qs_at(s, 0));
			break;
		default:
			break;
		}
		after_index = 0;
		p++;
	}
}

/* Order two values: numerically when both are integers, else bytewise. */
static int
q_compare(const char *a, uint32_t alen, const char *b, uint32_t blen)
{
	char *ea, *eb;
	long long x, y;
	int c;

	if (alen > 0 && blen > 0 && alen < 24 && blen < 24) {
		errno = 0;
		x = strtoll(a, &ea, 10);
		y = strtoll(b, &eb, 10);
		if (errno == 0 && ea == a + alen && eb == b + blen)
			return x < y ? -1 : x > y;
	}
	c = memcmp(a, b, alen < blen ? alen : blen);
	if (c != 0)
		return c;
	return alen < blen ? -1 : alen > blen;
}

/* Equality, with yes/no matching true/false and absent matching "". */
static int
q_equal(const struct kv *e, const struct qword *w)
{
	const char *v;
	uint32_t len;

	if (e == NULL)
		return w->len == 0;
	v = e->val;
	len = e->len;
	if (len == w->len && memcmp(v, w->val, len) == 0)
		return 1;
	if ((strcmp(w->val, "yes") == 0 && len == 4 &&
	    memcmp(v, "true", 4) == 0) ||
	    (strcmp(w->val, "no") == 0 && len == 5 &&
	    memcmp(v, "false", 5) == 0))
		return 1;
	return 0;
}

/* The value of a query that is exactly one "?name=value", else NULL. */
const char *
query_single_eq(const struct query *q, const char *name)
{
	if (q == NULL || q->n != 1 || q->w[0].op != Q_EQ ||
	    strcmp(q->w[0].name, name) != 0)
		return NULL;
	return q->w[0].val;
}

/* Does the row match the query? */
int
query_match(const struct query *q, const struct kvlist *row)
{
	struct qstack s = { NULL, 0, 0 };
	size_t i;
	int ok = 1;

	if (query_empty(q))
		return 1;
	for (i = 0; i < q->n; i++) {
		const struct qword *w = &q->w[i];
		const struct kv *e;

		switch (w->op) {
		case Q_HAS:
			qs_push(&s, kvl_get(row, w->name) != NULL);
			break;
		case Q_HASNOT:
			qs_push(&s, kvl_get(row, w->name) == NULL);
			break;
		case Q_EQ:
			qs_push(&s, q_equal(kvl_get(row, w->name), w));
			break;
		case Q_LT:
		case Q_GT:
			e = kvl_get(row, w->name);
			if (e == NULL)
				qs_push(&s, 0);
			else {
				int c = q_compare(e->val, e->len, w->val,
				    w->len);

				qs_push(&s, w->op == Q_LT ? c < 0 : c > 0);
			}
			break;
		case Q_OPS:
			qs_ops(&s, w->val);
			break;
		}
	}
	for (i = 0; i < s.n; i++)
		if (!s.v[i])
			ok = 0;
	free(s.v);
	return ok;
}
