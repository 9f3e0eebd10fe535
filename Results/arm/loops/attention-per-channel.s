// hot path of attention per channel (attention_swift_simd: perChannel_6logits6values6length8channels_yAA0C7PoolingV_SPys4Int8VGAMS2iSpyALGtFZySRySfGXEfU_, loop .LBB1_8), traced by scripts/model-arm; 16 units per iteration
ldr	q1, [x22, x24]
stp	q0, q23, [sp, #496]
stp	q22, q21, [sp, #528]
sub	v0.16b, v0.16b, v1.16b
stp	q20, q19, [sp, #560]
stp	q18, q17, [sp, #592]
str	q16, [sp, #624]
fmov	x11, d0
mov	x8, v0.d[1]
lsr	x14, x11, #8
lsr	x16, x11, #40
and	x13, x11, #0xff
ubfx	x15, x11, #32, #8
ldr	s0, [x27, x13, lsl #2]
lsr	x17, x8, #40
add	x13, x27, w14, uxtb #2
add	x14, x27, w16, uxtb #2
ubfx	x16, x8, #32, #8
lsr	x18, x8, #8
lsr	x10, x11, #16
ldr	s1, [x27, x15, lsl #2]
and	x15, x8, #0xff
add	x17, x27, w17, uxtb #2
ldr	s3, [x27, x16, lsl #2]
ldr	s2, [x27, x15, lsl #2]
add	x15, x27, w18, uxtb #2
ld1	{ v0.s }[1], [x13]
lsr	x12, x11, #48
lsr	x21, x8, #16
lsr	x16, x8, #48
add	x10, x27, w10, uxtb #2
lsr	x9, x11, #24
ld1	{ v1.s }[1], [x14]
ld1	{ v3.s }[1], [x17]
ld1	{ v2.s }[1], [x15]
add	x13, x27, w16, uxtb #2
add	x12, x27, w12, uxtb #2
add	x14, x27, w21, uxtb #2
ld1	{ v0.s }[2], [x10]
lsr	x11, x11, #56
lsr	x18, x8, #56
lsr	x8, x8, #24
add	x9, x27, w9, uxtb #2
ld1	{ v3.s }[2], [x13]
ld1	{ v1.s }[2], [x12]
ld1	{ v2.s }[2], [x14]
add	x15, x27, x18, lsl #2
add	x10, x27, x11, lsl #2
add	x8, x27, w8, uxtb #2
ld1	{ v0.s }[3], [x9]
ld1	{ v3.s }[3], [x15]
ld1	{ v1.s }[3], [x10]
ld1	{ v2.s }[3], [x8]
str	q0, [sp, #432]
ldr	q0, [x20, x24]
stp	q3, q1, [sp, #448]
str	q2, [sp, #480]
bl	$es6SIMD16Vss17FixedWidthIntegerRzrlE18truncatingIfNeededAByxGAByqd__G_tcsACRd__s10SIMDScalarRd__lufCs5Int32V_s4Int8VTt1g5
ext	v1.16b, v0.16b, v0.16b, #8
zip1	v2.8b, v0.8b, v0.8b
zip2	v0.8b, v0.8b, v0.8b
zip1	v3.8b, v1.8b, v0.8b
zip2	v1.8b, v1.8b, v0.8b
ushll	v2.4s, v2.4h, #0
ushll	v0.4s, v0.4h, #0
shl	v2.4s, v2.4s, #24
ushll	v3.4s, v3.4h, #0
ushll	v1.4s, v1.4h, #0
shl	v4.4s, v0.4s, #24
sshr	v0.4s, v2.4s, #24
shl	v3.4s, v3.4s, #24
shl	v5.4s, v1.4s, #24
sshr	v1.4s, v4.4s, #24
sshr	v2.4s, v3.4s, #24
sshr	v3.4s, v5.4s, #24
ret
ldp	q7, q6, [sp, #336]
subs	x26, x26, #1
ldp	q4, q5, [sp, #400]
add	x24, x24, x23
ldp	q25, q26, [sp, #432]
add	v3.4s, v3.4s, v6.4s
add	v2.4s, v2.4s, v6.4s
add	v1.4s, v1.4s, v6.4s
add	v0.4s, v0.4s, v6.4s
ldp	q23, q22, [sp, #512]
ldp	q21, q20, [sp, #544]
fadd	v3.4s, v3.4s, v7.4s
fadd	v2.4s, v2.4s, v7.4s
fadd	v1.4s, v1.4s, v7.4s
fadd	v0.4s, v0.4s, v7.4s
ldp	q19, q18, [sp, #576]
ldp	q17, q16, [sp, #608]
fadd	v23.4s, v23.4s, v26.4s
fsub	v3.4s, v3.4s, v5.4s
fsub	v2.4s, v2.4s, v4.4s
ldp	q4, q5, [sp, #368]
fadd	v17.4s, v17.4s, v25.4s
fsub	v1.4s, v1.4s, v5.4s
fsub	v0.4s, v0.4s, v4.4s
fmul	v3.4s, v26.4s, v3.4s
ldp	q5, q24, [sp, #464]
fmul	v4.4s, v25.4s, v0.4s
fmul	v1.4s, v5.4s, v1.4s
fmul	v2.4s, v24.4s, v2.4s
fadd	v22.4s, v22.4s, v3.4s
fadd	v21.4s, v21.4s, v24.4s
fadd	v19.4s, v19.4s, v5.4s
ldr	q0, [sp, #496]
fadd	v20.4s, v20.4s, v2.4s
fadd	v18.4s, v18.4s, v1.4s
fadd	v16.4s, v16.4s, v4.4s
b.ne	.LBB1_8
