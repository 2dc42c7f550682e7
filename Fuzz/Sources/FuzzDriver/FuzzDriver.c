// Empty: the declaration in include/FuzzDriver.h is implemented by libclang_rt.fuzzer.
#include "FuzzDriver.h"
