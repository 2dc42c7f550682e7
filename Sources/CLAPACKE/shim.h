// LAPACKE and OpenBLAS's CBLAS (which also declares openblas_set_num_threads).
#include <lapacke.h>
#include <cblas.h>
