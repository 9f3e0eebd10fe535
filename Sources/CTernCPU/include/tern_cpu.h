#ifndef TERN_CPU_H
#define TERN_CPU_H
#include <stdint.h>

/// Executes CPUID for (leaf, subleaf); writes eax, ebx, ecx, edx to out.
/// Returns 0 when the leaf is above the CPU's maximum (out is zeroed) or on a
/// non-x86 build.
int tern_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t out[4]);

/// Reads XCR0 (the OS-enabled register state) when OSXSAVE is set, else 0.
uint64_t tern_xgetbv0(void);

/// Reads the time-stamp counter (0 on non-x86 builds).
uint64_t tern_rdtsc(void);

#endif
