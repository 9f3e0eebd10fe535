// hot path of q15 requantize (qrnn_pool_swift_simd: requantizeSwiftSIMD, loop .LBB5_7), traced by scripts/model-arm; 8 units per iteration
ldp	d3, d0, [x28]
ldur	d4, [x27, #-8]
ldp	d2, d1, [x27]
ldur	d5, [x28, #-8]
ldp	d7, d6, [x24]
smull	v0.2d, v0.2s, v1.2s
smull	v1.2d, v3.2s, v2.2s
smull	v2.2d, v5.2s, v4.2s
ldur	d3, [x27, #-16]
ldur	d4, [x28, #-16]
uaddw	v16.2d, v23.2d, v7.2s
uaddw	v17.2d, v23.2d, v6.2s
ushll	v6.2d, v6.2s, #0
ushll	v7.2d, v7.2s, #0
smull	v3.2d, v4.2s, v3.2s
cmlt	v5.2d, v0.2d, #0
cmlt	v4.2d, v1.2d, #0
cmlt	v18.2d, v2.2d, #0
neg	v20.2d, v0.2d
neg	v19.2d, v1.2d
neg	v22.2d, v2.2d
and	v17.16b, v17.16b, v24.16b
and	v16.16b, v16.16b, v24.16b
and	v6.16b, v6.16b, v24.16b
cmlt	v26.2d, v5.2d, #0
cmlt	v27.2d, v4.2d, #0
cmlt	v21.2d, v3.2d, #0
ldp	d5, d4, [x24, #-16]
cmlt	v28.2d, v18.2d, #0
ushl	v16.2d, v25.2d, v16.2d
ushl	v17.2d, v25.2d, v17.2d
and	v7.16b, v7.16b, v24.16b
bit	v0.16b, v20.16b, v26.16b
bit	v1.16b, v19.16b, v27.16b
neg	v19.2d, v3.2d
uaddw	v18.2d, v23.2d, v5.2s
uaddw	v20.2d, v23.2d, v4.2s
cmlt	v21.2d, v21.2d, #0
ushll	v5.2d, v5.2s, #0
ushll	v4.2d, v4.2s, #0
bit	v2.16b, v22.16b, v28.16b
neg	v7.2d, v7.2d
neg	v6.2d, v6.2d
stp	q27, q26, [x29, #-48]
and	v20.16b, v20.16b, v24.16b
and	v18.16b, v18.16b, v24.16b
bit	v3.16b, v19.16b, v21.16b
and	v5.16b, v5.16b, v24.16b
and	v4.16b, v4.16b, v24.16b
stp	q21, q28, [x29, #-80]
add	v0.2d, v0.2d, v17.2d
add	v1.2d, v1.2d, v16.2d
ushl	v18.2d, v25.2d, v18.2d
ushl	v19.2d, v25.2d, v20.2d
neg	v5.2d, v5.2d
neg	v4.2d, v4.2d
add	v2.2d, v2.2d, v19.2d
add	v3.2d, v3.2d, v18.2d
sshl	v18.2d, v1.2d, v7.2d
sshl	v19.2d, v0.2d, v6.2d
movi	v0.2d, #0000000000000000
movi	v1.2d, #0000000000000000
movi	v6.2d, #0x0000000000ffff
movi	v7.2d, #0x0000000000ffff
sshl	v16.2d, v3.2d, v5.2d
sshl	v17.2d, v2.2d, v4.2d
movi	v2.2d, #0000000000000000
movi	v3.2d, #0000000000000000
stp	q18, q19, [sp, #32]
movi	v4.2d, #0x0000000000ffff
movi	v5.2d, #0x0000000000ffff
stp	q16, q17, [sp]
bl	$es4SIMDPsSL6ScalarRpzrlE7clamped10lowerBound05upperE0xx_xtFs5SIMD8Vys5Int64VG_Tg5
ldp	q16, q17, [sp]
ldp	q19, q18, [sp, #32]
cmgt	v20.2d, v16.2d, v0.2d
cmgt	v21.2d, v17.2d, v1.2d
cmgt	v22.2d, v19.2d, v2.2d
cmgt	v23.2d, v18.2d, v3.2d
bit	v0.16b, v16.16b, v20.16b
bit	v1.16b, v17.16b, v21.16b
bit	v2.16b, v19.16b, v22.16b
bit	v3.16b, v18.16b, v23.16b
cmgt	v16.2d, v4.2d, v0.2d
cmgt	v17.2d, v5.2d, v1.2d
cmgt	v18.2d, v6.2d, v2.2d
cmgt	v19.2d, v7.2d, v3.2d
bif	v0.16b, v4.16b, v16.16b
bif	v1.16b, v5.16b, v17.16b
bif	v2.16b, v6.16b, v18.16b
bif	v3.16b, v7.16b, v19.16b
ret
neg	v4.2d, v0.2d
ldur	q16, [x29, #-80]
neg	v7.2d, v1.2d
neg	v5.2d, v3.2d
neg	v6.2d, v2.2d
bit	v0.16b, v4.16b, v16.16b
ldur	q4, [x29, #-64]
bit	v1.16b, v7.16b, v4.16b
ldp	q7, q4, [x29, #-48]
bit	v2.16b, v6.16b, v7.16b
bit	v3.16b, v5.16b, v4.16b
uzp1	v0.4s, v0.4s, v1.4s
uzp1	v1.4s, v2.4s, v3.4s
ldp	q3, q2, [x26], #32
add	v4.4s, v0.4s, v3.4s
add	v5.4s, v1.4s, v2.4s
ldp	q0, q1, [x25], #32
ldp	q2, q3, [x20], #32
bl	$es4SIMDPsSL6ScalarRpzrlE7clamped10lowerBound05upperE0xx_xtFs5SIMD8Vys5Int32VG_Tg5
smax	v0.4s, v4.4s, v0.4s
smax	v1.4s, v5.4s, v1.4s
smin	v0.4s, v0.4s, v2.4s
smin	v1.4s, v1.4s, v3.4s
ret
ldr	q2, [sp, #112]
movi	v23.2d, #0xffffffffffffffff
add	x27, x27, #32
ldp	q25, q24, [x29, #-112]
add	x28, x28, #32
tbl	v0.16b, { v0.16b, v1.16b }, v2.16b
add	x24, x24, #32
str	d0, [x19, x22]
add	x22, x22, #8
cmp	x22, x21
b.lt	.LBB5_7
