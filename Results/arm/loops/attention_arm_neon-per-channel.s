// hot loop of attention_arm_neon (per channel), extracted from swiftc -S by scripts/model-arm
ldr	q18, [x11, x13]
ldr	q19, [x10, x13]
subs	x14, x14, #1
add	x13, x13, x5
sub	v18.16b, v3.16b, v18.16b
sshll	v20.8h, v19.8b, #0
umov	w22, v18.b[0]
umov	w15, v18.b[1]
umov	w16, v18.b[2]
umov	w23, v18.b[4]
umov	w19, v18.b[5]
umov	w24, v18.b[7]
umov	w25, v18.b[8]
umov	w26, v18.b[9]
umov	w30, v18.b[12]
umov	w8, v18.b[13]
umov	w18, v18.b[3]
umov	w21, v18.b[6]
umov	w27, v18.b[10]
umov	w28, v18.b[11]
umov	w20, v18.b[14]
umov	w17, v18.b[15]
sshll2	v18.8h, v19.16b, #0
add	x7, x0, w15, uxtb #2
add	x1, x0, w16, uxtb #2
add	x12, x0, w19, uxtb #2
add	x16, x0, w24, uxtb #2
add	x24, x0, w26, uxtb #2
add	x8, x0, w8, uxtb #2
ldr	s21, [x0, x22, lsl #2]
ldr	s22, [x0, x23, lsl #2]
ldr	s23, [x0, x25, lsl #2]
ldr	s24, [x0, x30, lsl #2]
sshll	v19.4s, v20.4h, #0
sshll2	v20.4s, v20.8h, #0
sshll	v25.4s, v18.4h, #0
sshll2	v18.4s, v18.8h, #0
ld1	{ v21.s }[1], [x7]
ld1	{ v22.s }[1], [x12]
ld1	{ v23.s }[1], [x24]
ld1	{ v24.s }[1], [x8]
add	x19, x0, w21, uxtb #2
add	x21, x0, w27, uxtb #2
add	x8, x0, w20, uxtb #2
sub	v19.4s, v19.4s, v0.4s
sub	v20.4s, v20.4s, v0.4s
sub	v25.4s, v25.4s, v0.4s
sub	v18.4s, v18.4s, v0.4s
ld1	{ v21.s }[2], [x1]
ld1	{ v22.s }[2], [x19]
ld1	{ v23.s }[2], [x21]
ld1	{ v24.s }[2], [x8]
add	x15, x0, w18, uxtb #2
add	x18, x0, w28, uxtb #2
add	x8, x0, w17, uxtb #2
scvtf	v19.4s, v19.4s
scvtf	v20.4s, v20.4s
scvtf	v25.4s, v25.4s
scvtf	v18.4s, v18.4s
ld1	{ v21.s }[3], [x15]
ld1	{ v22.s }[3], [x16]
ld1	{ v23.s }[3], [x18]
ld1	{ v24.s }[3], [x8]
fmul	v19.4s, v21.4s, v19.4s
fadd	v5.4s, v5.4s, v21.4s
fmul	v20.4s, v22.4s, v20.4s
fmul	v25.4s, v23.4s, v25.4s
fmul	v18.4s, v24.4s, v18.4s
fadd	v4.4s, v4.4s, v22.4s
fadd	v2.4s, v2.4s, v23.4s
fadd	v1.4s, v1.4s, v24.4s
fadd	v17.4s, v17.4s, v19.4s
fadd	v16.4s, v16.4s, v20.4s
fadd	v7.4s, v7.4s, v25.4s
fadd	v6.4s, v6.4s, v18.4s
b.ne	.LBB0_10
b	.LBB0_5
