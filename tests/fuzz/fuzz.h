/*
 * fuzz.h: the libFuzzer entry point every target in tests/fuzz/ exports.
 * Built with -fsanitize=fuzzer it is driven by libFuzzer; linked with
 * standalone.c it runs once per seed file as a plain test.
 */
#ifndef TIKDECK_FUZZ_H
#define TIKDECK_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Run one input; returns 0 (libFuzzer's convention).  A broken invariant
 * aborts. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort with a message when cond is false: a finding, not a test result. */
#define FUZZ_CHECK(cond) do {						\
	if (!(cond))							\
		fatalx("%s:%d: fuzz invariant failed: %s", __FILE__,	\
		    __LINE__, #cond);					\
} while (0)

#endif
