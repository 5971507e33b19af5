#!/bin/sh
# test_po.sh: the translations are complete for the sources as they are.
#
# 1. Every C file under src/ and ui/ that marks a string for translation
#    (_(, N_( or ngettext() is listed in po/POTFILES.in, so that none of
#    its messages is left out of the catalogues.
# 2. A template made now from po/POTFILES.in (xgettext, with the keywords
#    of po/Makevars) merged into po/de.po and po/ru.po (msgmerge, into
#    temporary files) leaves no message untranslated and none fuzzy: every
#    user-visible string of this tree has a German and a Russian text.
#
# Plain automake driver: 0 pass, 77 skip (xgettext, msgmerge or msgattrib
# missing), anything else fail.
set -u

: "${top_srcdir:?run from make check}"

for tool in xgettext msgmerge msgattrib; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "SKIP: $tool not found"
		exit 77
	fi
done

fail=0
cd "$top_srcdir" || exit 1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tikdeck-po.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

grep -v '^#' po/POTFILES.in | grep -v '^[[:space:]]*$' | sort >"$tmp/listed"
for f in $(find src ui -name '*.c' | sort); do
	if grep -q -e '[^a-zA-Z_]_("' -e 'N_("' -e 'ngettext(' "$f" &&
	    ! grep -qx "$f" "$tmp/listed"; then
		echo "FAIL: $f has translatable strings but is not in" \
		    "po/POTFILES.in"
		fail=1
	fi
done
[ $fail = 0 ] && echo "ok: po/POTFILES.in lists every file with messages"

# shellcheck disable=SC2046
if ! xgettext --keyword=_ --keyword=N_ --keyword=ngettext:1,2 \
    --from-code=UTF-8 --language=C -o "$tmp/tikdeck.pot" \
    $(cat "$tmp/listed"); then
	echo "FAIL: xgettext"
	exit 1
fi
for lang in de ru; do
	if ! msgmerge --quiet --no-fuzzy-matching -o "$tmp/$lang.po" \
	    "po/$lang.po" "$tmp/tikdeck.pot"; then
		echo "FAIL: msgmerge po/$lang.po"
		fail=1
		continue
	fi
	untr=$(msgattrib --untranslated --no-obsolete "$tmp/$lang.po" |
	    grep -c '^msgid ' || true)
	fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$tmp/$lang.po" |
	    grep -c '^msgid ' || true)
	# the header is an "untranslated" entry of its own when present
	[ "$untr" -gt 0 ] && untr=$((untr - 1))
	[ "$fuzzy" -gt 0 ] && fuzzy=$((fuzzy - 1))
	if [ "$untr" = 0 ] && [ "$fuzzy" = 0 ]; then
		echo "ok: po/$lang.po translates every message"
	else
		echo "FAIL: po/$lang.po: $untr untranslated, $fuzzy fuzzy" \
		    "against the sources (make -C po update-po, then" \
		    "translate):"
		msgattrib --untranslated --no-obsolete "$tmp/$lang.po" |
		    grep -A1 '^msgid ' | head -n 20
		fail=1
	fi
done
exit $fail
