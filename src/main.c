/* main.c: tikdeck entry point. */
#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "i18n.h"

int
main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	bindtextdomain(PACKAGE, LOCALEDIR);
	textdomain(PACKAGE);
	(void)argc;
	(void)argv;
	return 0;
}
