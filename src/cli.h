#ifndef TD_cli_H
#define TD_cli_H
#endif
