// hot path of q15 tables (qrnn_pool_swift_simd: qrnnPoolQ15SwiftSIMD, loop .LBB3_20), traced by scripts/model-arm; 16 units per iteration
cbz	x14, .LBB3_38
ldp	x15, x16, [x11, #-8]
subs	x14, x14, #1
ldp	q17, q18, [x13, #32]
add	x11, x11, #16
ldp	q19, q20, [x13]
eor	x17, x15, #0x8080808080808080
eor	x15, x16, #0x8080808080808080
lsr	x16, x17, #8
and	x18, x17, #0xff
lsr	x1, x17, #24
lsr	x3, x17, #40
lsr	x4, x17, #48
ldr	s0, [x19, x18, lsl #2]
add	x6, x19, w16, uxtb #2
lsr	x0, x17, #16
lsr	x5, x15, #8
ubfx	x2, x17, #32, #8
add	x16, x19, w1, uxtb #2
add	x1, x19, w3, uxtb #2
add	x3, x19, w4, uxtb #2
and	x4, x15, #0xff
ubfx	x7, x15, #32, #8
lsr	x30, x15, #40
ld1	{ v0.s }[1], [x6]
add	x0, x19, w0, uxtb #2
add	x5, x19, w5, uxtb #2
ldr	s2, [x19, x4, lsl #2]
lsr	x18, x15, #16
ldr	s1, [x19, x2, lsl #2]
add	x2, x19, w30, uxtb #2
ldr	s3, [x19, x7, lsl #2]
lsr	x4, x15, #48
ld1	{ v2.s }[1], [x5]
ld1	{ v0.s }[2], [x0]
add	x18, x19, w18, uxtb #2
ld1	{ v3.s }[1], [x2]
ld1	{ v1.s }[1], [x1]
lsr	x1, x15, #24
add	x2, x19, w4, uxtb #2
lsr	x15, x15, #56
ld1	{ v2.s }[2], [x18]
ld1	{ v0.s }[3], [x16]
lsr	x17, x17, #56
ldp	x0, x16, [x12, #-8]
add	x18, x19, w1, uxtb #2
ld1	{ v3.s }[2], [x2]
add	x15, x19, x15, lsl #2
ld1	{ v1.s }[2], [x3]
ld1	{ v2.s }[3], [x18]
add	x17, x19, x17, lsl #2
add	x12, x12, #16
eor	x18, x0, #0x8080808080808080
ld1	{ v3.s }[3], [x15]
eor	x15, x16, #0x8080808080808080
lsr	x16, x18, #8
lsr	x1, x18, #24
and	x0, x18, #0xff
lsr	x3, x18, #40
add	x2, x20, w16, uxtb #2
ubfx	x5, x18, #32, #8
and	x6, x15, #0xff
add	x16, x20, w1, uxtb #2
lsr	x1, x15, #8
ubfx	x7, x15, #32, #8
lsr	x30, x15, #40
ldr	s4, [x20, x0, lsl #2]
ld1	{ v1.s }[3], [x17]
lsr	x17, x18, #16
add	x1, x20, w1, uxtb #2
ldr	s6, [x20, x6, lsl #2]
add	x3, x20, w3, uxtb #2
lsr	x0, x15, #16
ldr	s5, [x20, x5, lsl #2]
add	x5, x20, w30, uxtb #2
ld1	{ v4.s }[1], [x2]
ldr	s7, [x20, x7, lsl #2]
lsr	x4, x18, #48
add	x17, x20, w17, uxtb #2
lsr	x2, x15, #48
ld1	{ v6.s }[1], [x1]
ld1	{ v5.s }[1], [x3]
add	x0, x20, w0, uxtb #2
ld1	{ v7.s }[1], [x5]
add	x4, x20, w4, uxtb #2
lsr	x1, x15, #24
add	x2, x20, w2, uxtb #2
ld1	{ v4.s }[2], [x17]
lsr	x18, x18, #56
lsr	x15, x15, #56
ld1	{ v6.s }[2], [x0]
ld1	{ v5.s }[2], [x4]
add	x17, x20, w1, uxtb #2
ld1	{ v7.s }[2], [x2]
add	x18, x20, x18, lsl #2
add	x15, x20, x15, lsl #2
ld1	{ v4.s }[3], [x16]
ldp	x0, x16, [x10, #-8]
ld1	{ v6.s }[3], [x17]
ld1	{ v5.s }[3], [x18]
ld1	{ v7.s }[3], [x15]
add	x10, x10, #16
mul	v19.4s, v19.4s, v4.4s
sub	v4.4s, v23.4s, v4.4s
eor	x5, x0, #0x8080808080808080
eor	x4, x16, #0x8080808080808080
mul	v17.4s, v17.4s, v6.4s
lsr	x16, x5, #16
mul	v18.4s, v18.4s, v7.4s
sub	v6.4s, v23.4s, v6.4s
mul	v20.4s, v20.4s, v5.4s
lsr	x15, x5, #8
and	x1, x5, #0xff
lsr	x0, x5, #24
lsr	x2, x5, #40
lsr	x6, x5, #48
add	x17, x21, w16, uxtb #2
ubfx	x3, x5, #32, #8
lsr	x16, x5, #56
lsr	x5, x4, #8
lsr	x7, x4, #24
lsr	x8, x4, #40
ubfx	x28, x4, #32, #8
sub	v7.4s, v23.4s, v7.4s
sub	v5.4s, v23.4s, v5.4s
and	x30, x4, #0xff
add	x18, x21, w15, uxtb #2
add	x2, x21, w2, uxtb #2
add	x9, x21, w5, uxtb #2
add	x5, x21, w7, uxtb #2
add	x7, x21, w8, uxtb #2
ldr	s16, [x21, x30, lsl #2]
ldr	s21, [x21, x28, lsl #2]
ldr	s22, [x21, x1, lsl #2]
mla	v17.4s, v6.4s, v2.4s
ldr	s2, [x21, x3, lsl #2]
add	x15, x21, w0, uxtb #2
add	x0, x21, w6, uxtb #2
lsr	x6, x4, #16
lsr	x8, x4, #48
mla	v18.4s, v7.4s, v3.4s
mla	v19.4s, v4.4s, v0.4s
mla	v20.4s, v5.4s, v1.4s
ld1	{ v16.s }[1], [x9]
ld1	{ v21.s }[1], [x7]
ld1	{ v22.s }[1], [x18]
ld1	{ v2.s }[1], [x2]
add	x6, x21, w6, uxtb #2
add	x8, x21, w8, uxtb #2
lsr	x4, x4, #56
add	v0.4s, v17.4s, v24.4s
add	x16, x21, x16, lsl #2
ld1	{ v16.s }[2], [x6]
ld1	{ v21.s }[2], [x8]
ld1	{ v22.s }[2], [x17]
add	v1.4s, v18.4s, v24.4s
ld1	{ v2.s }[2], [x0]
add	v3.4s, v19.4s, v24.4s
add	v5.4s, v20.4s, v24.4s
add	x9, x21, x4, lsl #2
movi	v4.4s, #64, lsl #8
movi	v6.4s, #64, lsl #8
movi	v7.4s, #64, lsl #8
movi	v17.4s, #64, lsl #8
ld1	{ v16.s }[3], [x5]
sshr	v0.4s, v0.4s, #15
ld1	{ v21.s }[3], [x9]
sshr	v1.4s, v1.4s, #15
ld1	{ v22.s }[3], [x15]
sshr	v3.4s, v3.4s, #15
ld1	{ v2.s }[3], [x16]
sshr	v5.4s, v5.4s, #15
add	x8, x13, x24, lsl #6
mla	v4.4s, v0.4s, v16.4s
mla	v6.4s, v1.4s, v21.4s
mla	v7.4s, v3.4s, v22.4s
stp	q0, q1, [x13, #32]
mla	v17.4s, v5.4s, v2.4s
stp	q3, q5, [x13], #64
sshr	v0.4s, v4.4s, #15
sshr	v1.4s, v6.4s, #15
sshr	v2.4s, v7.4s, #15
sshr	v3.4s, v17.4s, #15
stp	q0, q1, [x8, #32]
stp	q2, q3, [x8]
b.ne	.LBB3_20
