// hot path of qrnn tables (qrnn_pool_swift_simd: qrnnPoolSwiftSIMD, loop .LBB0_66), traced by scripts/model-arm; 16 units per iteration
cbz	x20, .LBB0_136
ldp	x9, x8, [sp, #280]
movi	v29.4s, #63, lsl #24
ldur	q28, [x29, #-80]
ldp	q20, q21, [x19]
ldp	q24, q25, [x19, #32]
add	x9, x9, x27
add	x8, x8, x27
ldp	x11, x9, [x9, #-8]
ldp	x12, x10, [x8, #-8]
eor	x11, x11, #0x8080808080808080
eor	x9, x9, #0x8080808080808080
lsr	x13, x11, #8
and	x15, x11, #0xff
ubfx	x14, x11, #32, #8
and	x16, x9, #0xff
ldr	s0, [x22, x15, lsl #2]
eor	x8, x12, #0x8080808080808080
add	x13, x22, w13, uxtb #2
lsr	x15, x11, #40
ldr	s1, [x22, x16, lsl #2]
lsr	x16, x11, #16
ldr	s2, [x22, x14, lsl #2]
lsr	x14, x9, #8
and	x12, x8, #0xff
ld1	{ v0.s }[1], [x13]
add	x15, x22, w15, uxtb #2
ldr	s3, [x21, x12, lsl #2]
add	x12, x22, w16, uxtb #2
add	x14, x22, w14, uxtb #2
lsr	x13, x11, #24
lsr	x16, x11, #48
ld1	{ v2.s }[1], [x15]
lsr	x15, x9, #16
ld1	{ v1.s }[1], [x14]
ubfx	x14, x9, #32, #8
ld1	{ v0.s }[2], [x12]
add	x13, x22, w13, uxtb #2
add	x16, x22, w16, uxtb #2
add	x15, x22, w15, uxtb #2
ldr	s4, [x22, x14, lsl #2]
lsr	x14, x8, #8
lsr	x11, x11, #56
ld1	{ v2.s }[2], [x16]
lsr	x12, x9, #40
ld1	{ v0.s }[3], [x13]
lsr	x13, x9, #24
ld1	{ v1.s }[2], [x15]
add	x14, x21, w14, uxtb #2
add	x11, x22, x11, lsl #2
add	x12, x22, w12, uxtb #2
add	x13, x22, w13, uxtb #2
eor	x10, x10, #0x8080808080808080
ld1	{ v3.s }[1], [x14]
lsr	x14, x8, #16
ld1	{ v2.s }[3], [x11]
ubfx	x11, x8, #32, #8
ld1	{ v1.s }[3], [x13]
lsr	x13, x8, #40
add	x14, x21, w14, uxtb #2
ld1	{ v4.s }[1], [x12]
lsr	x12, x9, #48
add	x13, x21, w13, uxtb #2
ldr	s5, [x21, x11, lsl #2]
and	x11, x10, #0xff
ld1	{ v3.s }[2], [x14]
lsr	x14, x10, #8
ldr	s6, [x21, x11, lsl #2]
lsr	x11, x8, #48
add	x12, x22, w12, uxtb #2
ld1	{ v5.s }[1], [x13]
add	x14, x21, w14, uxtb #2
lsr	x13, x10, #16
lsr	x9, x9, #56
add	x11, x21, w11, uxtb #2
ld1	{ v4.s }[2], [x12]
lsr	x12, x8, #24
lsr	x8, x8, #56
ld1	{ v6.s }[1], [x14]
add	x9, x22, x9, lsl #2
ld1	{ v5.s }[2], [x11]
ldr	x11, [sp, #304]
add	x12, x21, w12, uxtb #2
add	x15, x21, x8, lsl #2
add	x8, x21, w13, uxtb #2
ld1	{ v4.s }[3], [x9]
add	x11, x11, x27
ubfx	x9, x10, #32, #8
ld1	{ v3.s }[3], [x12]
ld1	{ v6.s }[2], [x8]
ldp	x8, x11, [x11, #-8]
lsr	x12, x10, #40
lsr	x14, x10, #24
ldr	s7, [x21, x9, lsl #2]
fsub	v22.4s, v28.4s, v0.4s
fsub	v23.4s, v28.4s, v2.4s
fsub	v26.4s, v28.4s, v1.4s
add	x12, x21, w12, uxtb #2
eor	x9, x8, #0x8080808080808080
eor	x8, x11, #0x8080808080808080
ubfx	x11, x8, #32, #8
add	x13, x21, w14, uxtb #2
lsr	x14, x10, #48
ld1	{ v7.s }[1], [x12]
lsr	x12, x8, #40
lsr	x10, x10, #56
ldr	s16, [x23, x11, lsl #2]
ubfx	x11, x9, #32, #8
ld1	{ v6.s }[3], [x13]
lsr	x13, x9, #40
add	x14, x21, w14, uxtb #2
add	x12, x23, w12, uxtb #2
ldr	s17, [x23, x11, lsl #2]
lsr	x11, x8, #8
add	x10, x21, x10, lsl #2
add	x13, x23, w13, uxtb #2
ld1	{ v7.s }[2], [x14]
and	x14, x8, #0xff
ld1	{ v16.s }[1], [x12]
lsr	x12, x8, #48
ldr	s18, [x23, x14, lsl #2]
add	x11, x23, w11, uxtb #2
ld1	{ v17.s }[1], [x13]
lsr	x13, x9, #8
add	x12, x23, w12, uxtb #2
lsr	x14, x9, #48
fsub	v27.4s, v28.4s, v4.4s
ld1	{ v18.s }[1], [x11]
and	x11, x9, #0xff
ld1	{ v5.s }[3], [x15]
ld1	{ v7.s }[3], [x10]
ld1	{ v16.s }[2], [x12]
add	x12, x23, w13, uxtb #2
ldr	s19, [x23, x11, lsl #2]
lsr	x10, x9, #16
add	x14, x23, w14, uxtb #2
lsr	x11, x8, #16
lsr	x13, x9, #24
lsr	x9, x9, #56
ld1	{ v19.s }[1], [x12]
add	x10, x23, w10, uxtb #2
ld1	{ v17.s }[2], [x14]
add	x11, x23, w11, uxtb #2
fmul	v4.4s, v4.4s, v25.4s
fmul	v2.4s, v2.4s, v21.4s
fmul	v0.4s, v0.4s, v20.4s
fmul	v5.4s, v5.4s, v23.4s
fmul	v3.4s, v3.4s, v22.4s
fmul	v20.4s, v1.4s, v24.4s
fmul	v7.4s, v7.4s, v27.4s
fmul	v6.4s, v6.4s, v26.4s
add	x9, x23, x9, lsl #2
lsr	x12, x8, #24
lsr	x8, x8, #56
ld1	{ v18.s }[2], [x11]
ld1	{ v19.s }[2], [x10]
ld1	{ v17.s }[3], [x9]
add	x9, x23, w13, uxtb #2
add	x10, x23, w12, uxtb #2
add	x8, x23, x8, lsl #2
fadd	v0.4s, v3.4s, v0.4s
fadd	v1.4s, v5.4s, v2.4s
fadd	v2.4s, v6.4s, v20.4s
fadd	v3.4s, v7.4s, v4.4s
ld1	{ v19.s }[3], [x9]
ld1	{ v16.s }[3], [x8]
ld1	{ v18.s }[3], [x10]
ldp	q24, q30, [x29, #-112]
fmul	v4.4s, v19.4s, v0.4s
fmul	v5.4s, v17.4s, v1.4s
stp	q0, q1, [x19]
fmul	v6.4s, v18.4s, v2.4s
fmul	v7.4s, v16.4s, v3.4s
stp	q2, q3, [x19, #32]
ldp	q16, q20, [x29, #-224]
ldur	q2, [x29, #-240]
mvni	v0.4s, #127
mvni	v1.4s, #127
mvni	v3.4s, #127
fmul	v5.4s, v5.4s, v16.s[0]
fmul	v4.4s, v4.4s, v16.s[0]
fmul	v7.4s, v7.4s, v16.s[0]
fmul	v6.4s, v6.4s, v16.s[0]
fcmgt	v16.4s, v20.4s, v4.4s
fcmgt	v17.4s, v20.4s, v5.4s
fcmgt	v19.4s, v20.4s, v7.4s
fcmgt	v18.4s, v20.4s, v6.4s
bit	v5.16b, v20.16b, v17.16b
bit	v4.16b, v20.16b, v16.16b
bit	v7.16b, v20.16b, v19.16b
bit	v6.16b, v20.16b, v18.16b
ldur	q20, [x29, #-192]
fcmgt	v16.4s, v4.4s, v20.4s
fcmgt	v17.4s, v5.4s, v20.4s
fcmgt	v19.4s, v7.4s, v20.4s
fcmgt	v18.4s, v6.4s, v20.4s
bit	v5.16b, v20.16b, v17.16b
bit	v4.16b, v20.16b, v16.16b
bit	v7.16b, v20.16b, v19.16b
bit	v6.16b, v20.16b, v18.16b
fabs	v16.4s, v4.4s
fabs	v17.4s, v5.4s
fabs	v19.4s, v7.4s
fabs	v18.4s, v6.4s
cmlt	v4.4s, v4.4s, #0
cmlt	v5.4s, v5.4s, #0
cmlt	v6.4s, v6.4s, #0
cmlt	v7.4s, v7.4s, #0
fadd	v20.4s, v17.4s, v30.4s
fadd	v21.4s, v16.4s, v30.4s
fadd	v22.4s, v19.4s, v30.4s
fadd	v23.4s, v18.4s, v30.4s
fadd	v21.4s, v21.4s, v24.4s
fadd	v20.4s, v20.4s, v24.4s
fadd	v22.4s, v22.4s, v24.4s
fadd	v23.4s, v23.4s, v24.4s
fsub	v16.4s, v16.4s, v21.4s
fsub	v17.4s, v17.4s, v20.4s
fsub	v19.4s, v19.4s, v22.4s
fsub	v18.4s, v18.4s, v23.4s
fadd	v24.4s, v22.4s, v28.4s
fadd	v25.4s, v20.4s, v28.4s
fadd	v26.4s, v21.4s, v28.4s
fadd	v27.4s, v23.4s, v28.4s
fcmge	v17.4s, v17.4s, v29.4s
fcmge	v16.4s, v16.4s, v29.4s
fcmge	v19.4s, v19.4s, v29.4s
fcmge	v18.4s, v18.4s, v29.4s
bsl	v16.16b, v26.16b, v21.16b
bsl	v17.16b, v25.16b, v20.16b
bsl	v19.16b, v24.16b, v22.16b
bsl	v18.16b, v27.16b, v23.16b
ldur	q23, [x29, #-176]
fadd	v17.4s, v17.4s, v30.4s
fadd	v16.4s, v16.4s, v30.4s
fadd	v19.4s, v19.4s, v30.4s
fadd	v18.4s, v18.4s, v30.4s
add	v20.4s, v16.4s, v23.4s
add	v21.4s, v17.4s, v23.4s
sub	v16.4s, v30.4s, v16.4s
add	v22.4s, v18.4s, v23.4s
add	v23.4s, v19.4s, v23.4s
sub	v17.4s, v30.4s, v17.4s
sub	v18.4s, v30.4s, v18.4s
sub	v19.4s, v30.4s, v19.4s
bsl	v4.16b, v16.16b, v20.16b
bsl	v5.16b, v17.16b, v21.16b
bsl	v7.16b, v19.16b, v23.16b
bsl	v6.16b, v18.16b, v22.16b
add	v16.4s, v4.4s, v2.4s
movi	v4.4s, #127
add	v17.4s, v5.4s, v2.4s
movi	v5.4s, #127
add	v18.4s, v6.4s, v2.4s
add	v19.4s, v7.4s, v2.4s
movi	v6.4s, #127
movi	v7.4s, #127
mvni	v2.4s, #127
stp	q16, q17, [sp]
stp	q18, q19, [sp, #32]
bl	$es4SIMDPsSL6ScalarRpzrlE7clamped10lowerBound05upperE0xx_xtFs6SIMD16Vys5Int32VG_Tg5
ldp	q16, q17, [sp]
ldp	q19, q18, [sp, #32]
smax	v0.4s, v16.4s, v0.4s
smax	v1.4s, v17.4s, v1.4s
smax	v2.4s, v19.4s, v2.4s
smax	v3.4s, v18.4s, v3.4s
smin	v0.4s, v0.4s, v4.4s
smin	v1.4s, v1.4s, v5.4s
smin	v2.4s, v2.4s, v6.4s
smin	v3.4s, v3.4s, v7.4s
ret
mov	v5.16b, v2.16b
subs	x8, x24, x27
b.vs	.LBB0_137
cmp	x8, #16
b.ge	.LBB0_64
adrp	x8, .LCPI0_0
ldr	q6, [x8, :lo12:.LCPI0_0]
adrp	x8, .LCPI0_1
tbl	v4.16b, { v0.16b, v1.16b }, v6.16b
ldr	q0, [x8, :lo12:.LCPI0_1]
adrp	x8, .LCPI0_2
tbl	v2.16b, { v4.16b, v5.16b }, v0.16b
ldr	q0, [x8, :lo12:.LCPI0_2]
ldur	x8, [x29, #-248]
tbl	v0.16b, { v2.16b, v3.16b }, v0.16b
str	q0, [x8, x27]
subs	x20, x20, #1
add	x19, x19, #64
add	x27, x27, #16
b.eq	.LBB0_36
