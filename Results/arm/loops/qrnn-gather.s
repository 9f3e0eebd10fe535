// hot path of qrnn gather (qrnn_pool_swift_simd: qrnnPoolSwiftSIMD, loop .LBB0_38), traced by scripts/model-arm; 1 units per iteration
ldrsb	x9, [x20, x8]
ldur	x10, [x29, #-192]
ldr	s0, [x10, x9, lsl #2]
adds	x9, x25, x8
str	s0, [x19, x8, lsl #2]
b.vs	.LBB0_93
ldrsb	x9, [x20, x9]
ldur	x10, [x29, #-200]
ldr	s0, [x10, x9, lsl #2]
ldur	x9, [x29, #-184]
ldur	x10, [x29, #-120]
adds	x9, x9, x8
str	s0, [x10, x8, lsl #2]
b.vs	.LBB0_94
ldrsb	x9, [x20, x9]
ldur	x11, [x29, #-208]
add	x10, x8, #1
cmp	x25, x10
ldr	s0, [x11, x9, lsl #2]
ldur	x9, [x29, #-128]
str	s0, [x9, x8, lsl #2]
mov	x8, x10
b.ne	.LBB0_38
