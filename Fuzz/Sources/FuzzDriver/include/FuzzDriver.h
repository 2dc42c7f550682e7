// libFuzzer's driver entry point (compiler-rt, FuzzerDriver.cpp). SwiftPM gives every
// executable target its own `main`, so each harness calls the driver from there instead of
// linking libFuzzer's `main`.
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
