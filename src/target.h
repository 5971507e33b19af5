#ifndef TD_target_H
#define TD_target_H
#endif
