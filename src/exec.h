/* exec.h: batch mode, "tikdeck exec ROUTER COMMAND [WORD...]". */
#ifndef TIKDECK_EXEC_H
#define TIKDECK_EXEC_H

/* Exit statuses of batch mode (SPEC section 1). */
enum exec_status {
	EXEC_OK = 0,
	EXEC_TRAP = 1,
	EXEC_USAGE = 2,
	EXEC_CONNECT = 3,
	EXEC_TLS_TRUST = 4,
	EXEC_TIMEOUT = 5
};

/* argv[0] is "exec".  Returns the exit status. */
int exec_main(int argc, char **argv);

/* "tikdeck trust ROUTER": show the router's TLS certificate and pin it
 * in known_routers after a "yes" on the terminal.  argv[0] is "trust". */
int exec_trust_main(int argc, char **argv);
/* "tikdeck passwd ROUTER": store the router's password (typed twice on
 * the terminal) in the encrypted store.  argv[0] is "passwd". */
int exec_passwd_main(int argc, char **argv);

/* Does this command stream until cancelled (follow, listen, monitor)? */
int exec_is_streaming(int argc, char *const *words);

#endif
