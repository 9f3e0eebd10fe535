// hot path of q15 gather (qrnn_pool_swift_simd: qrnnPoolQ15SwiftSIMD, loop .LBB7_20), traced by scripts/model-arm; 1 units per iteration
ldrsb	x11, [x9, x10]
ldr	w12, [x20, x11, lsl #2]
adds	x11, x25, x10
str	w12, [x27, x10, lsl #2]
b.vs	.LBB7_33
ldrsb	x11, [x9, x11]
ldr	w12, [x28, x11, lsl #2]
adds	x11, x26, x10
str	w12, [x19, x10, lsl #2]
b.vs	.LBB7_34
ldrsb	x11, [x9, x11]
add	x12, x10, #1
cmp	x25, x12
ldr	w11, [x23, x11, lsl #2]
str	w11, [x21, x10, lsl #2]
mov	x10, x12
b.ne	.LBB7_20
