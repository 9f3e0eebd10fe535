// hot loop of qrnn_pool_arm_neon (tables), extracted from swiftc -S by scripts/model-arm
add	x15, x11, x9
add	x14, x12, x9
ldrsb	x17, [x15]
ldrsb	x18, [x15, #1]
ldursb	x1, [x14, #-7]
ldursb	x2, [x14, #-6]
ldursb	x16, [x14, #-5]
ldr	s0, [x19, x17, lsl #2]
add	x18, x19, x18, lsl #2
ldr	s1, [x21, x1, lsl #2]
ldrsb	x1, [x15, #2]
ldrsb	x17, [x15, #4]
add	x2, x21, x2, lsl #2
ld1	{ v0.s }[1], [x18]
ldrsb	x18, [x15, #5]
add	x16, x21, x16, lsl #2
add	x1, x19, x1, lsl #2
ldr	s2, [x19, x17, lsl #2]
ldursb	x17, [x14, #-3]
ld1	{ v1.s }[1], [x2]
ldursb	x2, [x14, #-2]
add	x18, x19, x18, lsl #2
ld1	{ v0.s }[2], [x1]
ldrsb	x1, [x15, #6]
ldr	s3, [x21, x17, lsl #2]
add	x2, x21, x2, lsl #2
ld1	{ v2.s }[1], [x18]
ldrsb	x18, [x15, #3]
ld1	{ v1.s }[2], [x16]
ldursb	x16, [x14, #-1]
add	x1, x19, x1, lsl #2
ld1	{ v3.s }[1], [x2]
ldrsb	x15, [x15, #7]
add	x18, x19, x18, lsl #2
add	x16, x21, x16, lsl #2
ld1	{ v2.s }[2], [x1]
ldursb	x17, [x14, #-4]
ldrsb	x14, [x14]
add	x15, x19, x15, lsl #2
add	x1, x10, x9
ld1	{ v0.s }[3], [x18]
ld1	{ v3.s }[2], [x16]
ldursb	x16, [x1, #-7]
ld1	{ v2.s }[3], [x15]
add	x14, x21, x14, lsl #2
add	x17, x21, x17, lsl #2
ldp	q4, q7, [x13, #-16]
ldursb	x18, [x1, #-6]
fsub	v5.4s, v25.4s, v0.4s
ldr	s6, [x28, x16, lsl #2]
ldursb	x16, [x1, #-3]
ld1	{ v3.s }[3], [x14]
ldursb	x14, [x1, #-2]
add	x15, x28, x18, lsl #2
ld1	{ v1.s }[3], [x17]
fmul	v0.4s, v0.4s, v4.4s
fsub	v4.4s, v25.4s, v2.4s
ldr	s16, [x28, x16, lsl #2]
ldursb	x16, [x1, #-5]
add	x14, x28, x14, lsl #2
ld1	{ v6.s }[1], [x15]
ldursb	x15, [x1, #-1]
fmul	v2.4s, v2.4s, v7.4s
fmul	v1.4s, v1.4s, v5.4s
add	x16, x28, x16, lsl #2
ld1	{ v16.s }[1], [x14]
fmul	v3.4s, v3.4s, v4.4s
ldursb	x14, [x1, #-4]
add	x15, x28, x15, lsl #2
ld1	{ v6.s }[2], [x16]
ldrsb	x16, [x1]
ld1	{ v16.s }[2], [x15]
add	x14, x28, x14, lsl #2
add	x15, x28, x16, lsl #2
fadd	v0.4s, v1.4s, v0.4s
ld1	{ v6.s }[3], [x14]
fadd	v1.4s, v3.4s, v2.4s
add	x14, x9, #16
ld1	{ v16.s }[3], [x15]
cmp	x23, x14
fmul	v2.4s, v6.4s, v0.4s
fmul	v3.4s, v16.4s, v1.4s
stp	q0, q1, [x13, #-16]
add	x13, x13, #32
fmul	v2.4s, v2.4s, v19.s[0]
fmul	v3.4s, v3.4s, v19.s[0]
fmin	v2.4s, v2.4s, v26.4s
fmin	v3.4s, v3.4s, v26.4s
fmax	v2.4s, v2.4s, v27.4s
fmax	v3.4s, v3.4s, v27.4s
fcvtas	v2.4s, v2.4s
fcvtas	v3.4s, v3.4s
add	v2.4s, v2.4s, v21.4s
add	v3.4s, v3.4s, v21.4s
smax	v2.4s, v2.4s, v28.4s
smax	v3.4s, v3.4s, v28.4s
smin	v4.4s, v2.4s, v29.4s
smin	v5.4s, v3.4s, v29.4s
tbl	v2.16b, { v4.16b, v5.16b }, v31.16b
str	d2, [x0, x9]
add	x9, x9, #8
b.ge	.LBB0_20
