// gperftools (Debian: libgoogle-perftools-dev): tcmalloc, its malloc hooks
// and extension, the CPU profiler and the heap profiler. Linking this module
// makes tcmalloc the process's allocator.
#include <gperftools/malloc_extension_c.h>
#include <gperftools/malloc_hook_c.h>
#include <gperftools/profiler.h>
#include <gperftools/heap-profiler.h>
