// hot path of q15 state (qrnn_pool_swift_simd: qrnnPoolQ15SwiftSIMD, loop .LBB7_25), traced by scripts/model-arm; 16 units per iteration
add	x12, x9, x22
add	x11, x9, x13, lsl #6
subs	x10, x10, #1
ldp	q0, q1, [x12, #32]
ldp	q3, q4, [x12]
add	x12, x9, x14
ldp	q6, q7, [x11, #32]
sub	v2.4s, v19.4s, v0.4s
sub	v5.4s, v19.4s, v1.4s
sub	v16.4s, v19.4s, v3.4s
sub	v17.4s, v19.4s, v4.4s
mul	v2.4s, v6.4s, v2.4s
ldp	q6, q18, [x11]
mul	v5.4s, v7.4s, v5.4s
mul	v6.4s, v6.4s, v16.4s
ldp	q7, q16, [x9, #32]
mul	v17.4s, v18.4s, v17.4s
mla	v2.4s, v7.4s, v0.4s
ldp	q0, q7, [x9]
mla	v5.4s, v16.4s, v1.4s
movi	v16.4s, #64, lsl #8
mla	v6.4s, v0.4s, v3.4s
mla	v17.4s, v7.4s, v4.4s
movi	v4.4s, #64, lsl #8
add	v0.4s, v2.4s, v20.4s
add	v1.4s, v5.4s, v20.4s
movi	v5.4s, #64, lsl #8
add	v2.4s, v6.4s, v20.4s
add	v3.4s, v17.4s, v20.4s
sshr	v0.4s, v0.4s, #15
sshr	v1.4s, v1.4s, #15
movi	v6.4s, #64, lsl #8
sshr	v2.4s, v2.4s, #15
sshr	v3.4s, v3.4s, #15
stp	q0, q1, [x9, #32]
stp	q2, q3, [x9]
add	x9, x9, #64
ldp	q7, q17, [x12, #32]
mla	v4.4s, v0.4s, v7.4s
ldp	q0, q7, [x12]
mla	v5.4s, v1.4s, v17.4s
mla	v6.4s, v2.4s, v0.4s
mla	v16.4s, v3.4s, v7.4s
sshr	v0.4s, v4.4s, #15
sshr	v1.4s, v5.4s, #15
sshr	v2.4s, v6.4s, #15
sshr	v3.4s, v16.4s, #15
stp	q0, q1, [x11, #32]
stp	q2, q3, [x11]
b.ne	.LBB7_25
