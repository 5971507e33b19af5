/*
 * testrows.h: rows for unit tests: a batch of !re sentences as the engine
 * hands them to the consumer.
 */
#ifndef TIKDECK_TESTROWS_H
#define TIKDECK_TESTROWS_H

#include "rows.h"

/* A batch of !re rows, one argument a row, its words separated by '|'
 * ("=.id=*1|=name=ether1"); NULL ends the list. */
struct rowbatch *test_batch(const char *first, ...);

#endif
