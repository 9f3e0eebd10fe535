// hot loop of attention_arm_neon (per channel), extracted from swiftc -S by scripts/model-arm
ldr	q19, [x11, x13]
ldr	q20, [x10, x13]
subs	x14, x14, #1
add	x13, x13, x5
sub	v21.16b, v4.16b, v19.16b
sshll	v22.8h, v20.8b, #0
sshll2	v19.8h, v20.16b, #0
fmov	x16, d21
mov	x15, v21.d[1]
ssubl	v23.4s, v22.4h, v1.4h
ext	v21.16b, v22.16b, v22.16b, #8
ext	v22.16b, v19.16b, v19.16b, #8
ssubl	v19.4s, v19.4h, v1.4h
lsr	x23, x16, #56
and	x17, x16, #0xff
lsr	x19, x16, #24
lsr	x21, x16, #40
lsr	x22, x16, #48
lsr	x18, x16, #8
ubfx	x20, x16, #32, #8
ldr	s20, [x0, x17, lsl #2]
add	x17, x0, x23, lsl #2
lsr	x23, x15, #8
ubfx	x24, x15, #32, #8
lsr	x25, x15, #40
lsr	x1, x16, #16
add	x16, x0, w19, uxtb #2
add	x19, x0, w21, uxtb #2
add	x21, x0, w22, uxtb #2
and	x22, x15, #0xff
add	x18, x0, w18, uxtb #2
ldr	s24, [x0, x20, lsl #2]
ldr	s25, [x0, x22, lsl #2]
add	x22, x0, w23, uxtb #2
add	x23, x0, w25, uxtb #2
ldr	s26, [x0, x24, lsl #2]
lsr	x20, x15, #16
lsr	x24, x15, #48
ld1	{ v20.s }[1], [x18]
ld1	{ v24.s }[1], [x19]
ld1	{ v25.s }[1], [x22]
ld1	{ v26.s }[1], [x23]
add	x1, x0, w1, uxtb #2
add	x18, x0, w20, uxtb #2
add	x19, x0, w24, uxtb #2
lsr	x26, x15, #24
lsr	x15, x15, #56
ssubl	v21.4s, v21.4h, v1.4h
ssubl	v22.4s, v22.4h, v1.4h
ld1	{ v20.s }[2], [x1]
ld1	{ v24.s }[2], [x21]
ld1	{ v25.s }[2], [x18]
ld1	{ v26.s }[2], [x19]
add	x18, x0, w26, uxtb #2
add	x15, x0, x15, lsl #2
scvtf	v23.4s, v23.4s
scvtf	v19.4s, v19.4s
scvtf	v21.4s, v21.4s
scvtf	v22.4s, v22.4s
ld1	{ v20.s }[3], [x16]
ld1	{ v24.s }[3], [x17]
ld1	{ v25.s }[3], [x18]
ld1	{ v26.s }[3], [x15]
fmul	v23.4s, v20.4s, v23.4s
fmul	v21.4s, v24.4s, v21.4s
fadd	v6.4s, v6.4s, v20.4s
fmul	v19.4s, v25.4s, v19.4s
fmul	v22.4s, v26.4s, v22.4s
fadd	v5.4s, v5.4s, v24.4s
fadd	v3.4s, v3.4s, v25.4s
fadd	v2.4s, v2.4s, v26.4s
fadd	v18.4s, v18.4s, v23.4s
fadd	v17.4s, v17.4s, v21.4s
fadd	v16.4s, v16.4s, v19.4s
fadd	v7.4s, v7.4s, v22.4s
b.ne	.LBB0_52
b	.LBB0_46
