// hot path of qrnn state (qrnn_pool_swift_simd: qrnnPoolSwiftSIMD, loop .LBB0_45), traced by scripts/model-arm; 16 units per iteration
cmp	x23, x27
b.eq	.LBB0_91
lsl	x8, x27, #6
ldur	x9, [x29, #-120]
ldur	x10, [x29, #-136]
ldur	q23, [x29, #-80]
movi	v24.4s, #63, lsl #24
add	x9, x9, x8
add	x10, x10, x8
ldp	q0, q1, [x9, #32]
ldp	q3, q2, [x9]
add	x9, x19, x8
ldp	q6, q5, [x10, #32]
fsub	v4.4s, v23.4s, v0.4s
ldp	q17, q16, [x9, #32]
fsub	v7.4s, v23.4s, v1.4s
fsub	v18.4s, v23.4s, v3.4s
fsub	v21.4s, v23.4s, v2.4s
ldp	q20, q19, [x10]
fmul	v0.4s, v0.4s, v6.4s
fmul	v1.4s, v1.4s, v5.4s
fmul	v4.4s, v4.4s, v17.4s
ldp	q6, q17, [x9]
fmul	v5.4s, v7.4s, v16.4s
fmul	v3.4s, v3.4s, v20.4s
fmul	v2.4s, v2.4s, v19.4s
ldur	x9, [x29, #-128]
ldp	q20, q25, [x29, #-112]
fmul	v6.4s, v18.4s, v6.4s
fmul	v7.4s, v21.4s, v17.4s
fadd	v0.4s, v0.4s, v4.4s
add	x8, x9, x8
fadd	v1.4s, v1.4s, v5.4s
fadd	v3.4s, v3.4s, v6.4s
fadd	v2.4s, v2.4s, v7.4s
stp	q0, q1, [x10, #32]
stp	q3, q2, [x10]
ldp	q5, q4, [x8]
ldp	q7, q6, [x8, #32]
mov	w8, #-998637568
fmul	v3.4s, v5.4s, v3.4s
fmul	v2.4s, v4.4s, v2.4s
ldur	q5, [x29, #-160]
fmul	v0.4s, v7.4s, v0.4s
fmul	v1.4s, v6.4s, v1.4s
dup	v4.4s, w8
mov	w8, #1148846080
fmul	v2.4s, v2.4s, v5.s[0]
fmul	v3.4s, v3.4s, v5.s[0]
fmul	v1.4s, v1.4s, v5.s[0]
fmul	v0.4s, v0.4s, v5.s[0]
fcmgt	v5.4s, v4.4s, v3.4s
fcmgt	v6.4s, v4.4s, v2.4s
fcmgt	v7.4s, v4.4s, v0.4s
fcmgt	v16.4s, v4.4s, v1.4s
bit	v2.16b, v4.16b, v6.16b
bit	v3.16b, v4.16b, v5.16b
dup	v5.4s, w8
bit	v1.16b, v4.16b, v16.16b
bit	v0.16b, v4.16b, v7.16b
mov	w8, #-1262485504
fcmgt	v4.4s, v3.4s, v5.4s
fcmgt	v6.4s, v2.4s, v5.4s
fcmgt	v7.4s, v0.4s, v5.4s
fcmgt	v16.4s, v1.4s, v5.4s
bit	v2.16b, v5.16b, v6.16b
bit	v3.16b, v5.16b, v4.16b
bit	v1.16b, v5.16b, v16.16b
bit	v0.16b, v5.16b, v7.16b
fabs	v4.4s, v3.4s
fabs	v5.4s, v2.4s
cmlt	v3.4s, v3.4s, #0
fabs	v6.4s, v0.4s
fabs	v7.4s, v1.4s
cmlt	v2.4s, v2.4s, #0
cmlt	v0.4s, v0.4s, #0
cmlt	v1.4s, v1.4s, #0
fadd	v16.4s, v5.4s, v25.4s
fadd	v17.4s, v4.4s, v25.4s
fadd	v18.4s, v7.4s, v25.4s
fadd	v19.4s, v6.4s, v25.4s
fadd	v17.4s, v17.4s, v20.4s
fadd	v16.4s, v16.4s, v20.4s
fadd	v19.4s, v19.4s, v20.4s
fadd	v18.4s, v18.4s, v20.4s
fsub	v4.4s, v4.4s, v17.4s
fsub	v5.4s, v5.4s, v16.4s
fadd	v21.4s, v16.4s, v23.4s
fsub	v6.4s, v6.4s, v19.4s
fsub	v7.4s, v7.4s, v18.4s
fadd	v20.4s, v18.4s, v23.4s
fadd	v22.4s, v17.4s, v23.4s
fadd	v23.4s, v19.4s, v23.4s
fcmge	v5.4s, v5.4s, v24.4s
fcmge	v4.4s, v4.4s, v24.4s
fcmge	v7.4s, v7.4s, v24.4s
fcmge	v6.4s, v6.4s, v24.4s
bsl	v4.16b, v22.16b, v17.16b
bsl	v5.16b, v21.16b, v16.16b
dup	v16.4s, w8
bsl	v6.16b, v23.16b, v19.16b
bsl	v7.16b, v20.16b, v18.16b
fadd	v5.4s, v5.4s, v25.4s
fadd	v4.4s, v4.4s, v25.4s
fadd	v7.4s, v7.4s, v25.4s
fadd	v6.4s, v6.4s, v25.4s
add	v17.4s, v4.4s, v16.4s
add	v18.4s, v5.4s, v16.4s
sub	v4.4s, v25.4s, v4.4s
add	v19.4s, v6.4s, v16.4s
add	v16.4s, v7.4s, v16.4s
sub	v5.4s, v25.4s, v5.4s
sub	v6.4s, v25.4s, v6.4s
sub	v7.4s, v25.4s, v7.4s
bsl	v3.16b, v4.16b, v17.16b
ldur	q4, [x29, #-176]
bsl	v2.16b, v5.16b, v18.16b
movi	v5.4s, #127
bsl	v1.16b, v7.16b, v16.16b
bsl	v0.16b, v6.16b, v19.16b
movi	v6.4s, #127
movi	v7.4s, #127
add	v16.4s, v3.4s, v4.4s
mvni	v3.4s, #127
add	v17.4s, v2.4s, v4.4s
mvni	v2.4s, #127
add	v18.4s, v0.4s, v4.4s
add	v19.4s, v1.4s, v4.4s
movi	v4.4s, #127
mvni	v0.4s, #127
mvni	v1.4s, #127
stp	q16, q17, [sp]
stp	q18, q19, [sp, #32]
bl	$es4SIMDPsSL6ScalarRpzrlE7clamped10lowerBound05upperE0xx_xtFs6SIMD16Vys5Int32VG_Tg5
ldp	q16, q17, [sp]
ldp	q19, q18, [sp, #32]
smax	v0.4s, v16.4s, v0.4s
smax	v1.4s, v17.4s, v1.4s
smax	v2.4s, v19.4s, v2.4s
smax	v3.4s, v18.4s, v3.4s
smin	v0.4s, v0.4s, v4.4s
smin	v1.4s, v1.4s, v5.4s
smin	v2.4s, v2.4s, v6.4s
smin	v3.4s, v3.4s, v7.4s
ret
mov	v5.16b, v2.16b
sub	x8, x26, #14
subs	x8, x25, x8
b.vs	.LBB0_92
cmp	x8, #16
b.ge	.LBB0_43
adrp	x8, .LCPI0_0
ldr	q6, [x8, :lo12:.LCPI0_0]
adrp	x8, .LCPI0_1
tbl	v4.16b, { v0.16b, v1.16b }, v6.16b
ldr	q0, [x8, :lo12:.LCPI0_1]
adrp	x8, .LCPI0_2
tbl	v2.16b, { v4.16b, v5.16b }, v0.16b
ldr	q0, [x8, :lo12:.LCPI0_2]
tbl	v0.16b, { v2.16b, v3.16b }, v0.16b
stur	q0, [x20, #-7]
add	x27, x27, #1
add	x26, x26, #16
add	x20, x20, #16
cmp	x28, x27
b.eq	.LBB0_9
