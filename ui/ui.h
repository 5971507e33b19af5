/* ui.h: the full-screen console (ui/ is the only code using curses). */
#ifndef TIKDECK_UI_H
#define TIKDECK_UI_H

struct cli_opts;

/* Run the console for --demo or [user@]host[:port]; returns the exit
 * status (as tikdeck exec: 3 connect/login failure, 4 TLS trust, 5
 * timeout, 2 usage). */
int ui_main(struct cli_opts *o);

#endif
