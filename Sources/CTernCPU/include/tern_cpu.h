#ifndef TERN_CPU_H
#define TERN_CPU_H
#include <stdint.h>

/// Executes CPUID for (leaf, subleaf); writes eax, ebx, ecx, edx to out.
/// Returns 0 when the leaf is above the CPU's maximum (out is zeroed) or on a
/// non-x86 build.
int tern_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t out[4]);

/// Reads XCR0 (the OS-enabled register state) when OSXSAVE is set, else 0.
uint64_t tern_xgetbv0(void);

/// Linux `getauxval(type)` (AT_HWCAP is 16, AT_HWCAP2 26): the kernel's
/// feature bits for this process. 0 on other systems. A C wrapper because
/// Swift's Glibc module does not include <sys/auxv.h>.
uint64_t tern_auxval(unsigned long type);


#endif

#ifndef TERN_CPU_CHAIN_H
#define TERN_CPU_CHAIN_H
/// Runs 8 * iterations dependent one-cycle adds (a clock probe: each add
/// waits for the previous one, so the loop takes one core cycle per add).
uint64_t tern_dependent_adds(uint64_t iterations);

/// Runs 4 * iterations dependent 64-bit multiplies (3 cycles each on current x86 cores).
uint64_t tern_dependent_multiplies(uint64_t iterations);
#endif
