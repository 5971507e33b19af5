#!/bin/sh
# test_i18n.sh: the German and Russian translations, uninstalled.
#
# Builds a temporary catalogue tree $tmp/LANG/LC_MESSAGES/tikdeck.mo from
# the .gmo files of this build and points tikdeck at it with
# TIKDECK_LOCALEDIR (see src/main.c), then checks that a usage error
# (`tikdeck exec` without arguments, `--attempts 0`) and --help come out in
# German and in Russian, that they differ from the English text, and that
# the exit status and the stdout/stderr split do not change.
#
# Where the .gmo files are: gettext's po/Makefile writes them next to the
# .po files, in $top_srcdir/po (it is $top_builddir/po only in an in-tree
# build); both are looked at.  A .gmo older than its .po (or none at all)
# is replaced by a fresh msgfmt of the .po.
#
# Locale: the language is chosen with LANGUAGE.  glibc ignores LANGUAGE
# when the LC_MESSAGES locale is "C" or "POSIX" (checked: with LC_ALL=C
# the output stays English), but C.UTF-8 is a locale of its own since
# glibc 2.35 and honours LANGUAGE, so LC_ALL=C.UTF-8 LANGUAGE=de gives
# German without generating any locale (Debian's locales-all is not
# needed).  Should C.UTF-8 not do so on another system, the test probes
# the other UTF-8 locales of `locale -a` with gettext(1) and uses the
# first that honours LANGUAGE.
#
# Plain automake driver: 0 pass, 77 skip (msgfmt or gettext(1) missing, or
# tikdeck built without NLS), anything else fail.
set -u

: "${top_srcdir:?run from make check}"
: "${top_builddir:?run from make check}"
TIKDECK=${TIKDECK:-$top_builddir/tikdeck}

fail=0
say() { printf '%s\n' "$*"; }
bad() { say "FAIL: $*"; fail=1; }
ok() { say "ok: $*"; }

if ! grep -q '^#define ENABLE_NLS 1' "$top_builddir/config.h" 2>/dev/null
then
	say "SKIP: tikdeck is built without NLS (configure --disable-nls?)"
	exit 77
fi
for tool in msgfmt gettext ngettext; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		say "SKIP: $tool not found"
		exit 77
	fi
done
if [ ! -x "$TIKDECK" ]; then
	say "FAIL: $TIKDECK not built"
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tikdeck-i18n.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# The catalogue tree.
for lang in de ru; do
	po=$top_srcdir/po/$lang.po
	gmo=
	for d in "$top_builddir/po" "$top_srcdir/po"; do
		if [ -f "$d/$lang.gmo" ] && ! [ "$po" -nt "$d/$lang.gmo" ]; then
			gmo=$d/$lang.gmo
			break
		fi
	done
	mkdir -p "$tmp/$lang/LC_MESSAGES" || exit 1
	if [ -n "$gmo" ]; then
		cp "$gmo" "$tmp/$lang/LC_MESSAGES/tikdeck.mo" || exit 1
		say "# $lang: $gmo"
	else
		msgfmt -c -o "$tmp/$lang/LC_MESSAGES/tikdeck.mo" "$po" || {
			say "FAIL: msgfmt $po"
			exit 1
		}
		say "# $lang: no current .gmo, compiled $po"
	fi
done
mkdir -p "$tmp/empty"

# A locale in which LANGUAGE is honoured (see the header).
probe="Try 'tikdeck --help'.\\n"
loc=
for l in C.UTF-8 C.utf8 $(locale -a 2>/dev/null | grep -i 'utf-\{0,1\}8$'); do
	case $l in C|POSIX) continue ;; esac
	t=$(LC_ALL=$l LANGUAGE=de TEXTDOMAINDIR=$tmp gettext -e -d tikdeck \
	    "$probe" 2>/dev/null)
	if [ -n "$t" ] && [ "$t" != "Try 'tikdeck --help'." ]; then
		loc=$l
		break
	fi
done
if [ -z "$loc" ]; then
	say "FAIL: no locale honours LANGUAGE (tried C.UTF-8 and locale -a)"
	exit 1
fi
say "# locale: LC_ALL=$loc"

# run NAME LANGUAGE LOCALEDIR ARGS...: tikdeck's output in $tmp/NAME.out,
# .err and .rc.
run() {
	r_name=$1 r_lang=$2 r_dir=$3
	shift 3
	env LC_ALL="$loc" LANGUAGE="$r_lang" TIKDECK_LOCALEDIR="$r_dir" \
	    TIKDECK_PASSWORD= NO_COLOR=1 "$TIKDECK" "$@" \
	    >"$tmp/$r_name.out" 2>"$tmp/$r_name.err" </dev/null
	echo $? >"$tmp/$r_name.rc"
}

# catalog LANG MSGID: the catalogue's translation, as gettext(1) sees it.
catalog() {
	LC_ALL=$loc LANGUAGE=$1 TEXTDOMAINDIR=$tmp gettext -e -d tikdeck "$2"
}

contains() {	# FILE TEXT
	grep -F -q -e "$2" "$1"
}

# The English baseline (LANGUAGE empty), and German asked for but no
# catalogue there: English too, so it is TIKDECK_LOCALEDIR that counts.
noargs_en="tikdeck exec: expected ROUTER and COMMAND, e.g. tikdeck exec admin@192.0.2.1 /system/resource/print"
for v in "en:" "nocat:de"; do
	name=${v%%:*} language=${v#*:}
	dir=$tmp
	[ "$name" = nocat ] && dir=$tmp/empty
	run "$name-noargs" "$language" "$dir" exec
	run "$name-attempts" "$language" "$dir" exec --attempts 0 127.0.0.1 /x
	run "$name-help" "$language" "$dir" --help
	if [ "$(cat "$tmp/$name-noargs.err")" = "$noargs_en" ] &&
	    contains "$tmp/$name-attempts.err" \
	    'invalid --attempts "0": expected a number from 1 to 10' &&
	    contains "$tmp/$name-help.out" 'Usage: tikdeck [OPTION]... [ROUTER]'
	then
		ok "$name: English"
	else
		bad "$name: expected the English messages"
		cat "$tmp/$name-noargs.err" "$tmp/$name-attempts.err"
		head -n 2 "$tmp/$name-help.out"
	fi
done

noargs_id="tikdeck exec: expected ROUTER and COMMAND, e.g. tikdeck exec admin@192.0.2.1 /system/resource/print\\n"
attempts_id='invalid --attempts "%s": expected a number from 1 to 10'
try_id="Try 'tikdeck --help'.\\n"

# check LANG NOARGS-TEXT ATTEMPTS-TEXT HELP-FIRST-LINE: fixed fragments of
# the expected translation, so that a catalogue which merely echoes the
# English (or another language) fails.
check() {
	lang=$1
	run "$lang-noargs" "$lang" "$tmp" exec
	run "$lang-attempts" "$lang" "$tmp" exec --attempts 0 127.0.0.1 /x
	run "$lang-help" "$lang" "$tmp" --help
	run "$lang-exechelp" "$lang" "$tmp" exec --help

	# tikdeck exec without arguments: the whole line is the translation.
	want=$(catalog "$lang" "$noargs_id")
	got=$(cat "$tmp/$lang-noargs.err")
	if [ "$got" = "$want" ] && [ "$got" != "$noargs_en" ] &&
	    contains "$tmp/$lang-noargs.err" "$2" &&
	    [ "$(cat "$tmp/$lang-noargs.rc")" = 2 ] &&
	    ! [ -s "$tmp/$lang-noargs.out" ]; then
		ok "$lang: tikdeck exec (no arguments): $got"
	else
		bad "$lang: tikdeck exec (no arguments): exit" \
		    "$(cat "$tmp/$lang-noargs.rc"), stderr: $got" \
		    "(wanted: $want)"
	fi

	# --attempts 0: the option message and the "Try --help" line.
	want1="tikdeck exec: $(catalog "$lang" "$attempts_id" | sed 's/%s/0/')"
	want2=$(catalog "$lang" "$try_id")
	got=$(cat "$tmp/$lang-attempts.err")
	if [ "$got" = "$(printf '%s\n%s' "$want1" "$want2")" ] &&
	    contains "$tmp/$lang-attempts.err" "$3" &&
	    ! contains "$tmp/$lang-attempts.err" "expected a number" &&
	    ! contains "$tmp/$lang-attempts.err" "Try 'tikdeck" &&
	    [ "$(cat "$tmp/$lang-attempts.rc")" = 2 ] &&
	    ! [ -s "$tmp/$lang-attempts.out" ]; then
		ok "$lang: --attempts 0: $(printf '%s' "$got" | tr '\n' '|')"
	else
		bad "$lang: --attempts 0: exit" \
		    "$(cat "$tmp/$lang-attempts.rc"), stderr: $got"
	fi

	# --help (the console's and exec's): translated, on stdout, exit 0.
	for h in help exechelp; do
		if [ "$(head -n 1 "$tmp/$lang-$h.out")" = "$4" ] &&
		    ! cmp -s "$tmp/$lang-$h.out" "$tmp/en-help.out" &&
		    ! contains "$tmp/$lang-$h.out" "Connection:" &&
		    contains "$tmp/$lang-$h.out" "--fingerprint SHA256" &&
		    contains "$tmp/$lang-$h.out" "%h" &&
		    [ "$(cat "$tmp/$lang-$h.rc")" = 0 ] &&
		    ! [ -s "$tmp/$lang-$h.err" ]; then
			ok "$lang: $h: $(head -n 1 "$tmp/$lang-$h.out")"
		else
			bad "$lang: $h: exit $(cat "$tmp/$lang-$h.rc"):"
			head -n 3 "$tmp/$lang-$h.out" "$tmp/$lang-$h.err"
		fi
	done
}

check de "ROUTER und BEFEHL erwartet" \
    "ungültiger Wert »0« für --attempts" \
    "Aufruf: tikdeck [OPTION]... [ROUTER]"
check ru "ожидаются МАРШРУТИЗАТОР и КОМАНДА" \
    "недопустимое значение --attempts «0»" \
    "Использование: tikdeck [ПАРАМЕТР]... [МАРШРУТИЗАТОР]"

# Russian plural forms (the catalogue header): 1 21 / 2 3 4 22 / 0 5 11 12.
for nw in 1:строка 21:строка 2:строки 4:строки 22:строки 0:строк 5:строк \
    11:строк 12:строк 111:строк; do
	n=${nw%%:*} w=${nw#*:}
	got=$(LC_ALL=$loc LANGUAGE=ru TEXTDOMAINDIR=$tmp ngettext -d tikdeck \
	    "%zu row" "%zu rows" "$n")
	[ "$got" = "%zu $w" ] || bad "ru: plural of $n rows: \"$got\", wanted \"%zu $w\""
done
[ $fail = 0 ] && ok "ru: plural forms"

exit $fail
