#ifndef TD_exec_H
#define TD_exec_H
#endif
