// Which vector instructions take cycles from a stream of zmm vpdpbusd, one
// kind at a time: a loop iteration is 12 independent vpdpbusd (12
// accumulators) plus R instructions of the probed kind on other registers.
// Extra cycles per probed instruction = (cycles per iteration - the pure
// vpdpbusd loop's) / R. An instruction the VNNI stream hides costs ~0.
//   gcc -O2 -mavx512f -mavx512bw -o probe vnni-contention-probe.c && ./probe 3.66
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e9 + t.tv_nsec; }
#define N 20000000L
#define DP(i) "vpdpbusd %%zmm30, %%zmm31, %%zmm" #i "\n"
#define DP12 DP(0) DP(1) DP(2) DP(3) DP(4) DP(5) DP(6) DP(7) DP(8) DP(9) DP(10) DP(11)
#define CLOBBER "memory", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", \
    "xmm12", "xmm13", "xmm14", "xmm15", "xmm16", "xmm17", "xmm18", "xmm19", "xmm20", "xmm21", "xmm22", "xmm23", "k1", "k2"
// op(i) writes register 12 + i from registers 24..29 (never read back in
// the iteration, so the probed instructions are independent of each other).
#define PROBE(name, body) static double name(void) { \
    static char buf[4096] __attribute__((aligned(64))); long n = N; char *p = buf; double t = now(); \
    __asm__ volatile("kxnorw %%k0, %%k0, %%k1\n vpxord %%zmm24, %%zmm24, %%zmm24\n vpxord %%zmm25, %%zmm25, %%zmm25\n" \
                     "vpxord %%zmm26, %%zmm26, %%zmm26\n vpxord %%zmm30, %%zmm30, %%zmm30\n vpxord %%zmm31, %%zmm31, %%zmm31\n 1:\n" \
                     body "dec %0\n jnz 1b\n" : "+r"(n) : "r"(p) : CLOBBER); \
    return (now() - t) / N; }
#define X4(op) op(12) op(13) op(14) op(15)
#define X8(op) X4(op) op(16) op(17) op(18) op(19)
#define NONE(i)
#define MULUDQ(i) "vpmuludq %%zmm24, %%zmm25, %%zmm" #i "\n"
#define MULDQ(i) "vpmuldq %%zmm24, %%zmm25, %%zmm" #i "\n"
#define MULLD(i) "vpmulld %%zmm24, %%zmm25, %%zmm" #i "\n"
#define SRLQI(i) "vpsrlq $32, %%zmm24, %%zmm" #i "\n"
#define SRAQI(i) "vpsraq $63, %%zmm24, %%zmm" #i "\n"
#define SRLVQ(i) "vpsrlvq %%zmm24, %%zmm25, %%zmm" #i "\n"
#define SRAVQ(i) "vpsravq %%zmm24, %%zmm25, %%zmm" #i "\n"
#define ADDQ(i) "vpaddq %%zmm24, %%zmm25, %%zmm" #i "\n"
#define ADDD(i) "vpaddd %%zmm24, %%zmm25, %%zmm" #i "\n"
#define ADDDM(i) "vpaddd (%1), %%zmm25, %%zmm" #i "\n"
#define MINUQ(i) "vpminuq %%zmm24, %%zmm25, %%zmm" #i "\n"
#define MINSD(i) "vpminsd %%zmm24, %%zmm25, %%zmm" #i "\n"
#define ABSD(i) "vpabsd %%zmm24, %%zmm" #i "\n"
#define MOVD2M(i) "vpmovd2m %%zmm24, %%k2\n"
#define BLENDMD(i) "vpblendmd %%zmm24, %%zmm25, %%zmm" #i "%{%%k1%}\n"
#define MSUBD(i) "vpsubd %%zmm24, %%zmm25, %%zmm" #i "%{%%k1%}\n"
#define MSHUFD(i) "vpshufd $0xA0, %%zmm24, %%zmm" #i "%{%%k1%}\n"
#define MOVDB(i) "vpmovdb %%zmm24, %%xmm" #i "\n"
#define MOVSDB(i) "vpmovsdb %%zmm24, %%xmm" #i "\n"
#define MAXSBX(i) "vpmaxsb %%xmm24, %%xmm25, %%xmm" #i "\n"
#define LOADZ(i) "vmovdqu64 (%1), %%zmm" #i "\n"
#define STOREX(i) "vmovdqu32 %%xmm24, 64(%1)\n"
#define STOREZ(i) "vmovdqu64 %%zmm24, 128(%1)\n"
#define CVTDQ2PS(i) "vcvtdq2ps %%zmm24, %%zmm" #i "\n"
#define MULPS(i) "vmulps %%zmm24, %%zmm25, %%zmm" #i "\n"
#define FMAPS(i) "vfmadd213ps %%zmm24, %%zmm25, %%zmm" #i "\n"
#define CVTPS2DQ(i) "vcvtps2dq %%zmm24, %%zmm" #i "\n"
#define XORD(i) "vpxord %%zmm24, %%zmm25, %%zmm" #i "\n"
#define PERMD(i) "vpermt2d %%zmm24, %%zmm25, %%zmm" #i "\n"
#define MADD52LO(i) "vpmadd52luq %%zmm24, %%zmm25, %%zmm" #i "\n"
#define MADD52HI(i) "vpmadd52huq %%zmm24, %%zmm25, %%zmm" #i "\n"
#define BCASTD(i) "vpbroadcastd (%1), %%zmm" #i "\n"
#define MOVSQD(i) "vpmovsqd %%zmm24, %%ymm" #i "\n"
#define SHUFI(i) "vshufi64x2 $0x88, %%zmm24, %%zmm25, %%zmm" #i "\n"
#define PACKSSDW(i) "vpackssdw %%zmm24, %%zmm25, %%zmm" #i "\n"

#define DEF(name, op) PROBE(name##4, DP12 X4(op)) PROBE(name##8, DP12 X8(op))
PROBE(base, DP12)
DEF(muludq, MULUDQ) DEF(muldq, MULDQ) DEF(mulld, MULLD) DEF(srlqi, SRLQI) DEF(sraqi, SRAQI) DEF(srlvq, SRLVQ) DEF(sravq, SRAVQ)
DEF(addq, ADDQ) DEF(addd, ADDD) DEF(adddm, ADDDM) DEF(minuq, MINUQ) DEF(minsd, MINSD) DEF(absd, ABSD) DEF(movd2m, MOVD2M)
DEF(blendmd, BLENDMD) DEF(msubd, MSUBD) DEF(mshufd, MSHUFD) DEF(movdb, MOVDB) DEF(movsdb, MOVSDB) DEF(maxsbx, MAXSBX)
DEF(loadz, LOADZ) DEF(storex, STOREX) DEF(storez, STOREZ) DEF(cvtdq2ps, CVTDQ2PS) DEF(mulps, MULPS) DEF(fmaps, FMAPS)
DEF(cvtps2dq, CVTPS2DQ) DEF(xord, XORD) DEF(permd, PERMD) DEF(madd52lo, MADD52LO) DEF(madd52hi, MADD52HI) DEF(bcastd, BCASTD)
DEF(movsqd, MOVSQD) DEF(shufi, SHUFI) DEF(packssdw, PACKSSDW)

static double best(double (*f)(void), double ghz) { double b = 1e9; for (int r = 0; r < 3; r++) { double t = f() * ghz; if (t < b) b = t; } return b; }

int main(int argc, char **argv) {
    double ghz = argc > 1 ? atof(argv[1]) : 1;
    double b = best(base, ghz);
#define ROW(name, label) { double t4 = best(name##4, ghz), t8 = best(name##8, ghz); \
    printf("| %s | %.2f | %.2f | %.2f | %.2f |\n", label, t4, t8, (t4 - b) / 4, (t8 - b) / 8); }
    printf("12 zmm vpdpbusd alone: %.2f cycles an iteration\n\n", b);
    printf("| probed instruction | cycles, 12 dp + 4 | cycles, 12 dp + 8 | extra cycles each (4) | extra cycles each (8) |\n|---|---:|---:|---:|---:|\n");
    ROW(muludq, "vpmuludq zmm") ROW(muldq, "vpmuldq zmm") ROW(mulld, "vpmulld zmm") ROW(srlqi, "vpsrlq zmm, imm") ROW(sraqi, "vpsraq zmm, imm")
    ROW(srlvq, "vpsrlvq zmm") ROW(sravq, "vpsravq zmm") ROW(addq, "vpaddq zmm") ROW(addd, "vpaddd zmm") ROW(adddm, "vpaddd zmm, m512")
    ROW(minuq, "vpminuq zmm") ROW(minsd, "vpminsd zmm") ROW(absd, "vpabsd zmm") ROW(movd2m, "vpmovd2m k, zmm")
    ROW(blendmd, "vpblendmd zmm{k}") ROW(msubd, "vpsubd zmm{k}") ROW(mshufd, "vpshufd zmm{k}") ROW(movdb, "vpmovdb xmm, zmm")
    ROW(movsdb, "vpmovsdb xmm, zmm") ROW(maxsbx, "vpmaxsb xmm") ROW(loadz, "load zmm") ROW(storex, "store xmm") ROW(storez, "store zmm")
    ROW(cvtdq2ps, "vcvtdq2ps zmm") ROW(mulps, "vmulps zmm") ROW(fmaps, "vfmadd213ps zmm") ROW(cvtps2dq, "vcvtps2dq zmm")
    ROW(xord, "vpxord zmm") ROW(permd, "vpermt2d zmm") ROW(madd52lo, "vpmadd52luq zmm") ROW(madd52hi, "vpmadd52huq zmm")
    ROW(bcastd, "vpbroadcastd zmm, m32") ROW(movsqd, "vpmovsqd ymm, zmm") ROW(shufi, "vshufi64x2 zmm") ROW(packssdw, "vpackssdw zmm")
    return 0;
}
