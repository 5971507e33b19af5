/* main.c: tikdeck entry point: batch mode or the console. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "exec.h"
#include "i18n.h"
#include "../ui/ui.h"

int
main(int argc, char **argv)
{
	struct cli_opts o;
	char err[512];

	setlocale(LC_ALL, "");
	/* TIKDECK_LOCALEDIR, when set and not empty, replaces the installed
	 * catalogue directory LOCALEDIR; it holds LANG/LC_MESSAGES/tikdeck.mo.
	 * The tests use it to run uninstalled translations
	 * (tests/unit/test_i18n.sh). */
	{
		const char *ld = getenv("TIKDECK_LOCALEDIR");

		bindtextdomain(PACKAGE, ld != NULL && *ld != '\0' ? ld :
		    LOCALEDIR);
	}
	textdomain(PACKAGE);

	if (argc > 1 && strcmp(argv[1], "exec") == 0)
		return exec_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "passwd") == 0)
		return exec_passwd_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "trust") == 0)
		return exec_trust_main(argc - 1, argv + 1);

	if (cli_parse(argc, argv, 0, &o, err, sizeof err) == -1) {
		fprintf(stderr, "tikdeck: %s\n", err);
		fprintf(stderr, _("Try 'tikdeck --help'.\n"));
		free(o.argv);
		return EXEC_USAGE;
	}
	if (o.version) {
		printf("tikdeck %s\n", PACKAGE_VERSION);
		free(o.argv);
		return 0;
	}
	if (o.help) {
		cli_usage(stdout);
		free(o.argv);
		return 0;
	}
	{
		int rc = ui_main(&o);

		free(o.argv);
		return rc;
	}
}
