// OpenBLAS (Debian: libopenblas-dev): CBLAS's sgemm for the trainer's float
// products (--float-products openblas), and its thread-count control.
#include <cblas.h>
