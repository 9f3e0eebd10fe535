// hot path of dense_swift_simd (dense_swift_simd: DenseSwiftSIMDO3run, loop .LBB4_18), traced by scripts/model-arm; 32 units per iteration
lsr	x8, x21, #60
cmp	x8, #15
b.lo	.LBB4_27
ldur	q0, [x20, #-16]
stp	q5, q2, [x29, #-144]
stur	q6, [x29, #-160]
str	q7, [sp, #160]
bl	$es6SIMD16Vss17FixedWidthIntegerRzrlE18truncatingIfNeededAByxGAByqd__G_tcsACRd__s10SIMDScalarRd__lufCs5Int16V_s4Int8VTt1g5
sshll2	v1.8h, v0.16b, #0
sshll	v0.8h, v0.8b, #0
ret
stp	q1, q0, [sp, #112]
ldr	q0, [x20], #32
bl	$es6SIMD16Vss17FixedWidthIntegerRzrlE18truncatingIfNeededAByxGAByqd__G_tcsACRd__s10SIMDScalarRd__lufCs5Int16V_s4Int8VTt1g5
sshll2	v1.8h, v0.16b, #0
sshll	v0.8h, v0.8b, #0
ret
ldrsb	w8, [x22]
str	q0, [sp, #144]
ldp	q3, q0, [sp, #112]
str	q1, [sp, #128]
dup	v2.8h, w8
mul	v0.8h, v2.8h, v0.8h
mul	v2.8h, v2.8h, v3.8h
mov	v1.16b, v2.16b
bl	$es6SIMD16Vss17FixedWidthIntegerRzrlE18truncatingIfNeededAByxGAByqd__G_tcsACRd__s10SIMDScalarRd__lufCs5Int32V_s5Int16VTt1g5
sshll	v4.4s, v0.4h, #0
sshll2	v5.4s, v0.8h, #0
sshll	v2.4s, v1.4h, #0
sshll2	v3.4s, v1.8h, #0
mov	v0.16b, v4.16b
mov	v1.16b, v5.16b
ret
ldur	q4, [x29, #-64]
ldrsb	w8, [x22, #1]
add	v4.4s, v3.4s, v4.4s
ldp	q5, q3, [sp, #128]
stur	q4, [x29, #-64]
dup	v4.8h, w8
mul	v3.8h, v4.8h, v3.8h
mul	v4.8h, v4.8h, v5.8h
ldur	q5, [x29, #-80]
add	v5.4s, v2.4s, v5.4s
ldur	q2, [x29, #-96]
add	v2.4s, v1.4s, v2.4s
ldur	q1, [x29, #-112]
add	v1.4s, v0.4s, v1.4s
mov	v0.16b, v3.16b
stp	q2, q5, [x29, #-96]
stur	q1, [x29, #-112]
mov	v1.16b, v4.16b
bl	$es6SIMD16Vss17FixedWidthIntegerRzrlE18truncatingIfNeededAByxGAByqd__G_tcsACRd__s10SIMDScalarRd__lufCs5Int32V_s5Int16VTt1g5
sshll	v4.4s, v0.4h, #0
sshll2	v5.4s, v0.8h, #0
sshll	v2.4s, v1.4h, #0
sshll2	v3.4s, v1.8h, #0
mov	v0.16b, v4.16b
mov	v1.16b, v5.16b
ret
ldp	q6, q5, [x29, #-160]
add	x28, x28, #2
ldr	q7, [sp, #160]
cmp	x28, x25
add	x21, x21, #2
add	x22, x22, #2
add	v6.4s, v2.4s, v6.4s
ldur	q2, [x29, #-128]
add	v7.4s, v3.4s, v7.4s
add	v5.4s, v1.4s, v5.4s
add	v2.4s, v0.4s, v2.4s
b.lt	.LBB4_18
