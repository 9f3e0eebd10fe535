// hot loop of qrnn_pool_q14_arm_neon, extracted from swiftc -S by scripts/model-arm
ldr	x13, [x8, x9]
ldr	x14, [x10, x9]
ldr	q2, [x12]
sbfiz	x15, x13, #1, #8
sbfx	x16, x13, #8, #8
sbfx	x17, x13, #16, #8
sbfx	x18, x13, #32, #8
sbfx	x1, x13, #40, #8
sbfx	x3, x13, #48, #8
ldrh	w15, [x27, x15]
ldrh	w16, [x27, x16, lsl #1]
ldrh	w17, [x27, x17, lsl #1]
ldrh	w18, [x27, x18, lsl #1]
ldrh	w1, [x27, x1, lsl #1]
sbfiz	x4, x14, #1, #8
orr	x15, x15, x16, lsl #16
sbfx	x16, x14, #8, #8
ldrh	w3, [x27, x3, lsl #1]
orr	x18, x18, x1, lsl #16
sbfx	x1, x14, #32, #8
ldrh	w4, [x21, x4]
orr	x15, x15, x17, lsl #32
sbfx	x17, x14, #40, #8
ldrh	w16, [x21, x16, lsl #1]
orr	x18, x18, x3, lsl #32
sbfx	x3, x14, #16, #8
ldrh	w1, [x21, x1, lsl #1]
ldrh	w17, [x21, x17, lsl #1]
sbfx	x5, x13, #24, #8
orr	x16, x4, x16, lsl #16
ldrh	w3, [x21, x3, lsl #1]
sbfx	x4, x14, #48, #8
asr	x13, x13, #56
orr	x17, x1, x17, lsl #16
sbfx	x1, x14, #24, #8
ldrh	w5, [x27, x5, lsl #1]
orr	x16, x16, x3, lsl #32
ldrh	w4, [x21, x4, lsl #1]
asr	x14, x14, #56
ldrh	w1, [x21, x1, lsl #1]
orr	x15, x15, x5, lsl #48
ldrh	w13, [x27, x13, lsl #1]
orr	x17, x17, x4, lsl #32
ldrh	w14, [x21, x14, lsl #1]
orr	x16, x16, x1, lsl #48
fmov	d0, x15
orr	x13, x18, x13, lsl #48
ldr	x18, [x11, x9]
orr	x14, x17, x14, lsl #48
fmov	d1, x16
mov	v0.d[1], x13
sbfiz	x13, x18, #1, #8
sbfx	x15, x18, #16, #8
sbfx	x16, x18, #32, #8
sbfx	x17, x18, #40, #8
sbfx	x1, x18, #48, #8
mov	v1.d[1], x14
sbfx	x14, x18, #8, #8
ldrh	w13, [x26, x13]
ldrh	w15, [x26, x15, lsl #1]
ldrh	w16, [x26, x16, lsl #1]
ldrh	w17, [x26, x17, lsl #1]
ldrh	w14, [x26, x14, lsl #1]
sqsub	v0.8h, v0.8h, v2.8h
orr	x16, x16, x17, lsl #16
ldrh	w17, [x26, x1, lsl #1]
orr	x13, x13, x14, lsl #16
sbfx	x14, x18, #24, #8
asr	x18, x18, #56
orr	x16, x16, x17, lsl #32
orr	x13, x13, x15, lsl #32
ldrh	w14, [x26, x14, lsl #1]
ldrh	w15, [x26, x18, lsl #1]
sqrdmulh	v0.8h, v1.8h, v0.8h
orr	x13, x13, x14, lsl #48
orr	x14, x16, x15, lsl #48
fmov	d1, x13
add	x13, x9, #16
add	v0.8h, v0.8h, v2.8h
cmp	x22, x13
mov	v1.d[1], x14
str	q0, [x12], #16
sqrdmulh	v1.8h, v1.8h, v0.8h
sqrdmulh	v1.8h, v1.8h, v7.h[0]
sqadd	v1.8h, v1.8h, v4.8h
sshl	v1.8h, v1.8h, v5.8h
sqadd	v1.8h, v1.8h, v6.8h
sqxtn	v1.8b, v1.8h
str	d1, [x0, x9]
add	x9, x9, #8
b.ge	.LBB0_17
