// hot loop of qrnn_pool_q14_arm_neon, extracted from swiftc -S by scripts/model-arm
add	x14, x11, x8
ldr	q3, [x13]
ldursb	x15, [x14, #-7]
ldursb	x16, [x14, #-6]
ldursb	x17, [x14, #-5]
ldursb	x1, [x14, #-4]
add	x16, x27, x16, lsl #1
ldr	h0, [x27, x15, lsl #1]
add	x15, x12, x8
ldursb	x18, [x15, #-6]
add	x17, x27, x17, lsl #1
ld1	{ v0.h }[1], [x16]
ldursb	x16, [x15, #-7]
add	x18, x21, x18, lsl #1
ldr	h1, [x21, x16, lsl #1]
ldursb	x16, [x15, #-5]
ld1	{ v0.h }[2], [x17]
add	x17, x27, x1, lsl #1
ldursb	x1, [x14, #-3]
ld1	{ v1.h }[1], [x18]
add	x18, x21, x16, lsl #1
add	x16, x9, x8
add	x1, x27, x1, lsl #1
ldrsb	x4, [x16]
ldrsb	x3, [x16, #1]
ld1	{ v0.h }[3], [x17]
ldursb	x17, [x15, #-4]
ld1	{ v1.h }[2], [x18]
ldursb	x18, [x14, #-2]
add	x3, x26, x3, lsl #1
add	x17, x21, x17, lsl #1
ldr	h2, [x26, x4, lsl #1]
ldursb	x4, [x14, #-1]
ld1	{ v0.h }[4], [x1]
ldursb	x1, [x15, #-3]
add	x18, x27, x18, lsl #1
ld1	{ v1.h }[3], [x17]
ldrsb	x17, [x16, #2]
ld1	{ v2.h }[1], [x3]
add	x1, x21, x1, lsl #1
add	x3, x27, x4, lsl #1
ldrsb	x14, [x14]
ld1	{ v0.h }[5], [x18]
ldursb	x18, [x15, #-2]
add	x17, x26, x17, lsl #1
ld1	{ v1.h }[4], [x1]
ldrsb	x1, [x16, #3]
add	x14, x27, x14, lsl #1
add	x18, x21, x18, lsl #1
ld1	{ v2.h }[2], [x17]
ldursb	x17, [x15, #-1]
ld1	{ v0.h }[6], [x3]
add	x1, x26, x1, lsl #1
ld1	{ v1.h }[5], [x18]
ldrsb	x18, [x16, #4]
add	x17, x21, x17, lsl #1
ld1	{ v2.h }[3], [x1]
ld1	{ v0.h }[7], [x14]
ldrsb	x14, [x15]
add	x15, x26, x18, lsl #1
ld1	{ v1.h }[6], [x17]
ldrsb	x17, [x16, #5]
add	x14, x21, x14, lsl #1
ld1	{ v2.h }[4], [x15]
add	x15, x26, x17, lsl #1
sqsub	v0.8h, v0.8h, v3.8h
ld1	{ v1.h }[7], [x14]
ldrsb	x14, [x16, #6]
ld1	{ v2.h }[5], [x15]
ldrsb	x15, [x16, #7]
add	x14, x26, x14, lsl #1
sqrdmulh	v0.8h, v1.8h, v0.8h
ld1	{ v2.h }[6], [x14]
add	x14, x26, x15, lsl #1
ld1	{ v2.h }[7], [x14]
add	v0.8h, v0.8h, v3.8h
add	x14, x8, #16
cmp	x22, x14
sqrdmulh	v1.8h, v2.8h, v0.8h
str	q0, [x13], #16
sqrdmulh	v1.8h, v1.8h, v5.h[0]
sqadd	v1.8h, v1.8h, v4.8h
sshl	v1.8h, v1.8h, v6.8h
sqadd	v1.8h, v1.8h, v7.8h
sqxtn	v1.8b, v1.8h
str	d1, [x0, x8]
add	x8, x8, #8
b.ge	.LBB2_17
