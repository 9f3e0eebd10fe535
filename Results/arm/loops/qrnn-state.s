// hot path of qrnn state (qrnn_pool_swift_simd: qrnnPoolSwiftSIMD, loop .LBB0_114), traced by scripts/model-arm; 16 units per iteration
ldur	x8, [x29, #-120]
cmp	x8, x19
b.eq	.LBB0_144
lsl	x9, x19, #6
ldur	x8, [x29, #-144]
ldur	q27, [x29, #-80]
ldp	q24, q29, [x29, #-112]
movi	v28.4s, #63, lsl #24
add	x10, x8, x9
ldr	x8, [sp, #248]
ldp	q1, q0, [x10]
ldp	q3, q2, [x10, #32]
ldur	x10, [x29, #-136]
add	x8, x8, x9
add	x10, x10, x9
fsub	v6.4s, v27.4s, v0.4s
fsub	v7.4s, v27.4s, v1.4s
fsub	v18.4s, v27.4s, v2.4s
fsub	v19.4s, v27.4s, v3.4s
ldp	q5, q4, [x8]
ldp	q17, q16, [x8, #32]
ldp	q21, q20, [x10]
ldp	q23, q22, [x10, #32]
fmul	v1.4s, v1.4s, v5.4s
fmul	v3.4s, v3.4s, v17.4s
fmul	v0.4s, v0.4s, v4.4s
fmul	v2.4s, v2.4s, v16.4s
fmul	v4.4s, v21.4s, v7.4s
fmul	v5.4s, v20.4s, v6.4s
ldur	x10, [x29, #-152]
fmul	v6.4s, v23.4s, v19.4s
fmul	v7.4s, v22.4s, v18.4s
add	x9, x10, x9
ldp	q16, q20, [x29, #-224]
fadd	v0.4s, v5.4s, v0.4s
fadd	v1.4s, v4.4s, v1.4s
fadd	v2.4s, v7.4s, v2.4s
fadd	v3.4s, v6.4s, v3.4s
ldp	q5, q4, [x9]
ldp	q7, q6, [x9, #32]
stp	q1, q0, [x8]
fmul	v5.4s, v5.4s, v1.4s
fmul	v4.4s, v4.4s, v0.4s
stp	q3, q2, [x8, #32]
fmul	v7.4s, v7.4s, v3.4s
fmul	v6.4s, v6.4s, v2.4s
ldur	q2, [x29, #-240]
mvni	v0.4s, #127
mvni	v1.4s, #127
mvni	v3.4s, #127
fmul	v4.4s, v4.4s, v16.s[0]
fmul	v5.4s, v5.4s, v16.s[0]
fmul	v6.4s, v6.4s, v16.s[0]
fmul	v7.4s, v7.4s, v16.s[0]
fcmgt	v16.4s, v20.4s, v5.4s
fcmgt	v17.4s, v20.4s, v4.4s
fcmgt	v18.4s, v20.4s, v7.4s
fcmgt	v19.4s, v20.4s, v6.4s
bit	v4.16b, v20.16b, v17.16b
bit	v5.16b, v20.16b, v16.16b
bit	v6.16b, v20.16b, v19.16b
bit	v7.16b, v20.16b, v18.16b
ldur	q20, [x29, #-192]
fcmgt	v16.4s, v5.4s, v20.4s
fcmgt	v17.4s, v4.4s, v20.4s
fcmgt	v18.4s, v7.4s, v20.4s
fcmgt	v19.4s, v6.4s, v20.4s
bit	v4.16b, v20.16b, v17.16b
bit	v5.16b, v20.16b, v16.16b
bit	v6.16b, v20.16b, v19.16b
bit	v7.16b, v20.16b, v18.16b
fabs	v16.4s, v5.4s
fabs	v17.4s, v4.4s
cmlt	v5.4s, v5.4s, #0
fabs	v18.4s, v7.4s
fabs	v19.4s, v6.4s
cmlt	v4.4s, v4.4s, #0
cmlt	v7.4s, v7.4s, #0
cmlt	v6.4s, v6.4s, #0
fadd	v20.4s, v17.4s, v29.4s
fadd	v21.4s, v16.4s, v29.4s
fadd	v22.4s, v19.4s, v29.4s
fadd	v23.4s, v18.4s, v29.4s
fadd	v21.4s, v21.4s, v24.4s
fadd	v20.4s, v20.4s, v24.4s
fadd	v23.4s, v23.4s, v24.4s
fadd	v22.4s, v22.4s, v24.4s
fsub	v16.4s, v16.4s, v21.4s
fsub	v17.4s, v17.4s, v20.4s
fadd	v25.4s, v20.4s, v27.4s
fsub	v18.4s, v18.4s, v23.4s
fsub	v19.4s, v19.4s, v22.4s
fadd	v24.4s, v22.4s, v27.4s
fadd	v26.4s, v21.4s, v27.4s
fadd	v27.4s, v23.4s, v27.4s
fcmge	v17.4s, v17.4s, v28.4s
fcmge	v16.4s, v16.4s, v28.4s
fcmge	v19.4s, v19.4s, v28.4s
fcmge	v18.4s, v18.4s, v28.4s
bsl	v16.16b, v26.16b, v21.16b
bsl	v17.16b, v25.16b, v20.16b
bsl	v18.16b, v27.16b, v23.16b
bsl	v19.16b, v24.16b, v22.16b
ldur	q23, [x29, #-176]
fadd	v17.4s, v17.4s, v29.4s
fadd	v16.4s, v16.4s, v29.4s
fadd	v19.4s, v19.4s, v29.4s
fadd	v18.4s, v18.4s, v29.4s
add	v20.4s, v16.4s, v23.4s
add	v21.4s, v17.4s, v23.4s
sub	v16.4s, v29.4s, v16.4s
add	v22.4s, v18.4s, v23.4s
add	v23.4s, v19.4s, v23.4s
sub	v17.4s, v29.4s, v17.4s
sub	v18.4s, v29.4s, v18.4s
sub	v19.4s, v29.4s, v19.4s
bsl	v5.16b, v16.16b, v20.16b
bsl	v4.16b, v17.16b, v21.16b
bsl	v6.16b, v19.16b, v23.16b
bsl	v7.16b, v18.16b, v22.16b
add	v16.4s, v5.4s, v2.4s
movi	v5.4s, #127
add	v17.4s, v4.4s, v2.4s
movi	v4.4s, #127
add	v18.4s, v7.4s, v2.4s
add	v19.4s, v6.4s, v2.4s
movi	v6.4s, #127
movi	v7.4s, #127
mvni	v2.4s, #127
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
ldur	x9, [x29, #-128]
sub	x8, x27, #14
subs	x8, x9, x8
b.vs	.LBB0_145
cmp	x8, #16
b.ge	.LBB0_112
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
add	x19, x19, #1
add	x27, x27, #16
add	x20, x20, #16
cmp	x28, x19
b.eq	.LBB0_9
