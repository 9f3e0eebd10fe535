// hot path of qrnn dequantize f (qrnn_pool_swift_simd: qrnnPoolSwiftSIMD, loop .LBB0_89), traced by scripts/model-arm; 16 units per iteration
ldur	x8, [x29, #-120]
cmp	x26, x8
b.eq	.LBB0_140
lsl	x9, x26, #4
ldur	x8, [x29, #-128]
subs	x8, x8, x9
b.vs	.LBB0_141
cmp	x8, #16
b.ge	.LBB0_87
ldr	q0, [x19, x9]
add	x28, x26, #1
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
ldr	q4, [sp, #304]
ldur	q16, [x29, #-80]
sub	x25, x25, #16
ldur	x8, [x29, #-144]
cmp	x28, x24
sub	x27, x27, #16
sub	v1.4s, v1.4s, v4.4s
sub	v0.4s, v0.4s, v4.4s
sub	v2.4s, v2.4s, v4.4s
sub	v3.4s, v3.4s, v4.4s
ldp	q4, q5, [x29, #-112]
add	x8, x8, x26, lsl #6
add	x20, x20, #16
mov	x26, x28
add	v1.4s, v1.4s, v5.4s
add	v0.4s, v0.4s, v5.4s
add	v2.4s, v2.4s, v5.4s
add	v3.4s, v3.4s, v5.4s
fadd	v1.4s, v1.4s, v4.4s
fadd	v0.4s, v0.4s, v4.4s
fadd	v2.4s, v2.4s, v4.4s
fadd	v3.4s, v3.4s, v4.4s
ldr	q4, [sp, #288]
fmul	v1.4s, v1.4s, v4.s[0]
fmul	v0.4s, v0.4s, v4.s[0]
fmul	v2.4s, v2.4s, v4.s[0]
fmul	v3.4s, v3.4s, v4.s[0]
fcmlt	v4.4s, v1.4s, #0.0
fcmlt	v5.4s, v0.4s, #0.0
fcmlt	v6.4s, v2.4s, #0.0
fcmlt	v7.4s, v3.4s, #0.0
bic	v1.16b, v1.16b, v4.16b
bic	v0.16b, v0.16b, v5.16b
bic	v2.16b, v2.16b, v6.16b
bic	v3.16b, v3.16b, v7.16b
fcmgt	v4.4s, v1.4s, v16.4s
fcmgt	v5.4s, v0.4s, v16.4s
fcmgt	v6.4s, v2.4s, v16.4s
fcmgt	v7.4s, v3.4s, v16.4s
bit	v1.16b, v16.16b, v4.16b
bit	v0.16b, v16.16b, v5.16b
bit	v2.16b, v16.16b, v6.16b
bit	v3.16b, v16.16b, v7.16b
stp	q0, q1, [x8]
stp	q2, q3, [x8, #32]
b.eq	.LBB0_98
