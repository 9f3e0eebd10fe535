#include "tern_cpu.h"
#include <string.h>
#if defined(__linux__)
#include <sys/auxv.h>
#endif

uint64_t tern_auxval(unsigned long type) {
#if defined(__linux__)
    return (uint64_t)getauxval(type);
#else
    (void)type;
    return 0;
#endif
}

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

int tern_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t out[4]) {
    unsigned int a = 0, b = 0, c = 0, d = 0;
    /* __get_cpuid_count checks the maximum leaf (basic or extended) first. */
    if (!__get_cpuid_count(leaf, subleaf, &a, &b, &c, &d)) {
        memset(out, 0, 4 * sizeof(uint32_t));
        return 0;
    }
    out[0] = a; out[1] = b; out[2] = c; out[3] = d;
    return 1;
}

uint64_t tern_xgetbv0(void) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (!(c & (1u << 27))) return 0; /* OSXSAVE: without it xgetbv faults */
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
}

#else
int tern_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t out[4]) {
    (void)leaf; (void)subleaf;
    memset(out, 0, 4 * sizeof(uint32_t));
    return 0;
}
uint64_t tern_xgetbv0(void) { return 0; }
#endif

uint64_t tern_dependent_adds(uint64_t iterations) {
    uint64_t x = 0, one = 1;
    for (uint64_t i = 0; i < iterations; i++) {
#if defined(__x86_64__)
        /* Register operands: some cores (Golden Cove) fold chains of
           add-immediate in the renamer and would run them faster than 1/cycle. */
        __asm__ volatile(
            "add %1, %0\n\tadd %1, %0\n\tadd %1, %0\n\tadd %1, %0\n\t"
            "add %1, %0\n\tadd %1, %0\n\tadd %1, %0\n\tadd %1, %0\n\t" : "+r"(x) : "r"(one));
#elif defined(__aarch64__)
        __asm__ volatile(
            "add %0, %0, %1\n\tadd %0, %0, %1\n\tadd %0, %0, %1\n\tadd %0, %0, %1\n\t"
            "add %0, %0, %1\n\tadd %0, %0, %1\n\tadd %0, %0, %1\n\tadd %0, %0, %1\n\t" : "+r"(x) : "r"(one));
#else
        x += 8 * one;
#endif
    }
    return x;
}

uint64_t tern_dependent_multiplies(uint64_t iterations) {
    uint64_t x = 3, m = 5;
    for (uint64_t i = 0; i < iterations; i++) {
#if defined(__x86_64__)
        __asm__ volatile("imul %1, %0\n\timul %1, %0\n\timul %1, %0\n\timul %1, %0\n\t" : "+r"(x) : "r"(m));
#else
        x *= m * m * m * m;
#endif
    }
    return x;
}
