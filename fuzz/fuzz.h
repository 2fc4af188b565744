/* fuzz.h — the entry points every fuzz target defines.
 *
 * Each fuzz/fuzz_<target>.c is linked either with libFuzzer (fuzz_<target>,
 * built under FISCAN_FUZZ with clang) or with fuzz/replay.c
 * (fuzz_replay_<target>, built always), which feeds it the committed seeds
 * and regression inputs as a ctest test. */
#ifndef FISCAN_FUZZ_H
#define FISCAN_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Runs one input through the target's stage.  Must not crash, leak or trip
 * a sanitizer for any input; always returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One-time set-up before the first input (both drivers call it). */
int LLVMFuzzerInitialize(int *argc, char ***argv);

#endif
