// hot path of attention per channel (attention_swift_simd: perChannel, loop .LBB0_18), traced by scripts/model-arm; 16 units per iteration
mov	x23, x22
mul	x22, x19, x20
smulh	x8, x19, x20
cmp	x8, x22, asr #63
b.ne	.LBB0_47
cmp	x26, #16
stp	q5, q20, [sp, #368]
stp	q19, q18, [sp, #400]
stp	q17, q16, [sp, #432]
stp	q7, q6, [sp, #464]
b.lt	.LBB0_21
ldr	x8, [sp, #360]
ldr	q0, [x8, x22]
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
b	.LBB0_27
ldp	q4, q5, [sp, #512]
cmp	x26, #15
sub	v0.4s, v5.4s, v0.4s
sub	v1.4s, v4.4s, v1.4s
ldr	q4, [sp, #496]
sub	v2.4s, v4.4s, v2.4s
ldr	q4, [sp, #544]
xtn	v0.4h, v0.4s
xtn	v1.4h, v1.4s
sub	v3.4s, v4.4s, v3.4s
xtn	v2.4h, v2.4s
umov	w8, v0.h[0]
umov	w10, v0.h[2]
umov	w9, v0.h[1]
umov	w11, v0.h[3]
umov	w12, v1.h[0]
umov	w13, v1.h[1]
xtn	v3.4h, v3.4s
umov	w14, v1.h[2]
umov	w15, v1.h[3]
and	x8, x8, #0xff
and	x10, x10, #0xff
and	x9, x9, #0xff
ldr	s21, [x27, x8, lsl #2]
umov	w8, v2.h[0]
and	x11, x11, #0xff
ldr	s25, [x27, x10, lsl #2]
umov	w10, v2.h[2]
ldr	s30, [x27, x9, lsl #2]
umov	w9, v2.h[1]
ldr	s23, [x27, x11, lsl #2]
umov	w11, v2.h[3]
and	x12, x12, #0xff
and	x13, x13, #0xff
and	x14, x14, #0xff
ldr	s22, [x27, x12, lsl #2]
umov	w12, v3.h[0]
ldr	s5, [x27, x13, lsl #2]
umov	w13, v3.h[1]
and	x15, x15, #0xff
and	x8, x8, #0xff
ldr	s28, [x27, x14, lsl #2]
ldr	s27, [x27, x15, lsl #2]
umov	w14, v3.h[2]
umov	w15, v3.h[3]
ldr	s24, [x27, x8, lsl #2]
and	x8, x10, #0xff
and	x9, x9, #0xff
ldr	s11, [x27, x8, lsl #2]
and	x8, x11, #0xff
ldr	s14, [x27, x9, lsl #2]
and	x9, x12, #0xff
ldr	s29, [x27, x8, lsl #2]
and	x8, x13, #0xff
ldr	s26, [x27, x9, lsl #2]
ldr	s13, [x27, x8, lsl #2]
and	x8, x14, #0xff
and	x9, x15, #0xff
ldr	s12, [x27, x8, lsl #2]
ldr	s31, [x27, x9, lsl #2]
b.gt	.LBB0_16
ldr	x8, [sp, #64]
stp	q5, q14, [sp, #80]
stp	q13, q12, [sp, #112]
ldr	q0, [x8, x22]
stp	q11, q31, [sp, #144]
stp	q30, q29, [sp, #176]
stp	q28, q27, [sp, #208]
stp	q26, q25, [sp, #240]
stp	q24, q23, [sp, #272]
stp	q22, q21, [sp, #304]
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
ldp	q5, q14, [sp, #80]
mov	x22, x23
ldp	q13, q12, [sp, #112]
ldr	q20, [sp, #384]
ldp	q11, q31, [sp, #144]
ldp	q30, q29, [sp, #176]
ldp	q28, q27, [sp, #208]
ldp	q26, q25, [sp, #240]
ldp	q24, q23, [sp, #272]
ldp	q22, q21, [sp, #304]
ldp	q7, q6, [sp, #464]
ldp	q17, q16, [sp, #432]
ldp	q19, q18, [sp, #400]
mov	w8, #1262485504
mov	v22.s[1], v5.s[0]
mov	v21.s[1], v30.s[0]
dup	v4.4s, w8
mov	w8, #-884998144
mov	v24.s[1], v14.s[0]
mov	v26.s[1], v13.s[0]
dup	v5.4s, w8
add	x19, x19, #1
cmp	x19, x22
add	x25, x25, x20
add	x21, x21, x20
add	v1.4s, v1.4s, v4.4s
add	v0.4s, v0.4s, v4.4s
add	v2.4s, v2.4s, v4.4s
add	v3.4s, v3.4s, v4.4s
mov	v22.s[2], v28.s[0]
mov	v21.s[2], v25.s[0]
mov	v24.s[2], v11.s[0]
mov	v26.s[2], v12.s[0]
ldr	q4, [sp, #336]
fadd	v1.4s, v1.4s, v5.4s
fadd	v2.4s, v2.4s, v5.4s
fadd	v0.4s, v0.4s, v5.4s
fadd	v3.4s, v3.4s, v5.4s
ldr	q5, [sp, #368]
mov	v22.s[3], v27.s[0]
mov	v21.s[3], v23.s[0]
mov	v24.s[3], v29.s[0]
mov	v26.s[3], v31.s[0]
fsub	v1.4s, v1.4s, v4.4s
fsub	v0.4s, v0.4s, v4.4s
fsub	v2.4s, v2.4s, v4.4s
fsub	v3.4s, v3.4s, v4.4s
fadd	v7.4s, v7.4s, v22.4s
fadd	v5.4s, v5.4s, v21.4s
fadd	v19.4s, v19.4s, v26.4s
fadd	v17.4s, v17.4s, v24.4s
fmul	v1.4s, v22.4s, v1.4s
fmul	v2.4s, v24.4s, v2.4s
fmul	v0.4s, v21.4s, v0.4s
fmul	v3.4s, v26.4s, v3.4s
fadd	v16.4s, v16.4s, v1.4s
fadd	v6.4s, v6.4s, v0.4s
fadd	v18.4s, v18.4s, v2.4s
fadd	v20.4s, v20.4s, v3.4s
b.eq	.LBB0_35
