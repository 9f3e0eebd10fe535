// hot path of activation_lut_scalar_ref (activation_lut_scalar_ref: activationLUTScalarRef, loop .LBB7_3), traced by scripts/model-arm; 1 units per iteration
ldrsb	x9, [x1], #1
subs	x2, x2, #1
ldrb	w9, [x8, x9]
strb	w9, [x3], #1
b.ne	.LBB7_3
