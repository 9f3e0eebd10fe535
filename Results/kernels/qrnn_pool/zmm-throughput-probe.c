// Throughput of the instructions in the AVX-512 fo-pooling loops, one kind at
// a time: 12 independent instructions a loop iteration, 50 M iterations.
// Why: llvm-mca's Zen 4 model put qrnn_pool_q14_x86_avx512 at 16 cycles a
// step where the machine took 31; this measures what the model assumed.
//   gcc -O2 -mavx512f -mavx512bw -o probe zmm-throughput-probe.c && ./probe 3.67
// (the argument: the core clock in GHz, as the bench's peak probe reports it).
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e9 + t.tv_nsec; }
#define N 50000000L
#define X12(op) op(1) op(2) op(3) op(4) op(5) op(6) op(7) op(8) op(9) op(10) op(11) op(12)
#define CLOBBER "memory", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "k1", "k2"
#define PROBE(name, body) static double name(void) { \
    static char buf[4096] __attribute__((aligned(64))); long n = N; char *p = buf; double t = now(); \
    __asm__ volatile("kxnorq %%k0, %%k0, %%k1\n vpxor %%xmm13, %%xmm13, %%xmm13\n 1:\n" body "dec %0\n jnz 1b\n" \
                     : "+r"(n) : "r"(p) : CLOBBER); \
    return (now() - t) / (N * 12.0); }
#define ADDW_Z(i) "vpaddw %%zmm0, %%zmm" #i ", %%zmm" #i "\n"
#define ADDW_Y(i) "vpaddw %%ymm0, %%ymm" #i ", %%ymm" #i "\n"
#define ADDSW_Z(i) "vpaddsw %%zmm0, %%zmm" #i ", %%zmm" #i "\n"
#define MULHRS_Z(i) "vpmulhrsw %%zmm0, %%zmm" #i ", %%zmm" #i "\n"
#define MULHRS_Y(i) "vpmulhrsw %%ymm0, %%ymm" #i ", %%ymm" #i "\n"
#define PERMT2B_Z(i) "vpermt2b %%zmm" #i ", %%zmm0, %%zmm" #i "\n"
#define PERMT2B_Y(i) "vpermt2b %%ymm" #i ", %%ymm0, %%ymm" #i "\n"
#define PERMT2W_Z(i) "vpermt2w %%zmm" #i ", %%zmm0, %%zmm" #i "\n"
#define BLEND_Z(i) "vmovdqu8 %%zmm0, %%zmm" #i "%{%%k1%}\n"
#define UNPACK_Z(i) "vpunpcklbw %%zmm0, %%zmm" #i ", %%zmm" #i "\n"
#define MOVB2M_Z(i) "vpmovb2m %%zmm" #i ", %%k2\n"
#define PACK_Z(i) "vpacksswb %%zmm0, %%zmm" #i ", %%zmm" #i "\n"
#define MOVE_Z(i) "vmovdqa64 %%zmm0, %%zmm" #i "\n"
#define LOAD_Z(i) "vmovdqu64 (%1), %%zmm" #i "\n"
#define LOAD_Y(i) "vmovdqu (%1), %%ymm" #i "\n"
PROBE(addwZ, X12(ADDW_Z)) PROBE(addwY, X12(ADDW_Y)) PROBE(addswZ, X12(ADDSW_Z)) PROBE(mulhrsZ, X12(MULHRS_Z))
PROBE(mulhrsY, X12(MULHRS_Y)) PROBE(permt2bZ, X12(PERMT2B_Z)) PROBE(permt2bY, X12(PERMT2B_Y)) PROBE(permt2wZ, X12(PERMT2W_Z))
PROBE(blendZ, X12(BLEND_Z)) PROBE(unpackZ, X12(UNPACK_Z)) PROBE(movb2mZ, X12(MOVB2M_Z)) PROBE(packZ, X12(PACK_Z))
PROBE(moveZ, X12(MOVE_Z)) PROBE(loadZ, X12(LOAD_Z)) PROBE(loadY, X12(LOAD_Y))

int main(int argc, char **argv) {
    double ghz = argc > 1 ? atof(argv[1]) : 1;
    struct { const char *name; double (*probe)(void); } probes[] = {
        {"vpaddw zmm", addwZ}, {"vpaddw ymm", addwY}, {"vpaddsw zmm", addswZ}, {"vpmulhrsw zmm", mulhrsZ},
        {"vpmulhrsw ymm", mulhrsY}, {"vpermt2b zmm", permt2bZ}, {"vpermt2b ymm", permt2bY}, {"vpermt2w zmm", permt2wZ},
        {"vmovdqu8 zmm{k} (blend)", blendZ}, {"vpunpcklbw zmm", unpackZ}, {"vpmovb2m zmm", movb2mZ},
        {"vpacksswb zmm", packZ}, {"vmovdqa64 zmm, zmm (copy)", moveZ}, {"load zmm", loadZ}, {"load ymm", loadY},
    };
    printf("| instruction | cycles each (best of 3) | per cycle |\n|---|---:|---:|\n");
    for (unsigned i = 0; i < sizeof probes / sizeof probes[0]; i++) {
        double best = 1e9;
        for (int r = 0; r < 3; r++) { double t = probes[i].probe() * ghz; if (t < best) best = t; }
        printf("| %s | %.2f | %.2f |\n", probes[i].name, best, 1 / best);
    }
    return 0;
}
