#ifndef TD_output_H
#define TD_output_H
#endif
