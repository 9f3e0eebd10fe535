// hot path of attention scalar logit (attention_swift_simd: scalarLogit, loop .LBB5_23), traced by scripts/model-arm; 16 units per iteration
ldrsb	w8, [x26, x19]
subs	w8, w22, w8
b.vs	.LBB5_46
sxtw	x9, w8
ldur	x14, [x29, #-24]
cmp	x24, x9
b.ls	.LBB5_47
mul	x8, x19, x27
smulh	x10, x19, x27
cmp	x10, x8, asr #63
b.ne	.LBB5_48
ldr	s21, [x20, x9, lsl #2]
cmp	x14, #16
stp	q20, q19, [sp, #128]
stp	q18, q17, [sp, #160]
stp	q16, q7, [sp, #192]
str	q6, [sp, #224]
str	q5, [sp, #112]
b.ge	.LBB5_20
ldr	x9, [sp, #56]
str	q21, [sp, #64]
ldr	q0, [x9, x8]
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
ldr	q21, [sp, #64]
ldp	q7, q6, [sp, #208]
ldr	q20, [sp, #128]
ldp	q17, q16, [sp, #176]
ldp	q19, q18, [sp, #144]
ldr	q5, [sp, #80]
mov	w8, #-884998144
add	x19, x19, #1
dup	v4.4s, w8
cmp	x19, x25
add	x21, x21, x27
add	v1.4s, v1.4s, v5.4s
add	v0.4s, v0.4s, v5.4s
add	v2.4s, v2.4s, v5.4s
add	v3.4s, v3.4s, v5.4s
fadd	v1.4s, v1.4s, v4.4s
fadd	v2.4s, v2.4s, v4.4s
fadd	v0.4s, v0.4s, v4.4s
fadd	v3.4s, v3.4s, v4.4s
ldp	q4, q5, [sp, #96]
fsub	v1.4s, v1.4s, v4.4s
fsub	v0.4s, v0.4s, v4.4s
fsub	v2.4s, v2.4s, v4.4s
fsub	v3.4s, v3.4s, v4.4s
dup	v4.4s, v21.s[0]
fmul	v1.4s, v1.4s, v21.s[0]
fmul	v2.4s, v2.4s, v21.s[0]
fmul	v0.4s, v0.4s, v21.s[0]
fmul	v3.4s, v3.4s, v21.s[0]
fadd	v18.4s, v18.4s, v4.4s
fadd	v16.4s, v16.4s, v4.4s
fadd	v5.4s, v5.4s, v4.4s
fadd	v20.4s, v20.4s, v4.4s
fadd	v7.4s, v7.4s, v1.4s
fadd	v6.4s, v6.4s, v0.4s
fadd	v17.4s, v17.4s, v2.4s
fadd	v19.4s, v19.4s, v3.4s
b.eq	.LBB5_35
