// hot loop of dense_arm_i8mm, extracted from swiftc -S by scripts/model-arm
ldp	q21, q22, [x10]
subs	x11, x11, #1
ldr	q17, [x12]
ldr	q18, [x12, x15, lsl #4]
add	x12, x12, #16
smmla	v23.4s, v17.16b, v21.16b
smmla	v7.4s, v18.16b, v21.16b
smmla	v20.4s, v17.16b, v22.16b
ldp	q24, q21, [x10, #32]
smmla	v6.4s, v18.16b, v22.16b
smmla	v16.4s, v17.16b, v21.16b
smmla	v4.4s, v18.16b, v21.16b
smmla	v19.4s, v17.16b, v24.16b
ldp	q22, q21, [x10, #64]
smmla	v5.4s, v18.16b, v24.16b
smmla	v15.4s, v17.16b, v22.16b
smmla	v3.4s, v18.16b, v22.16b
smmla	v14.4s, v17.16b, v21.16b
ldp	q24, q22, [x10, #96]
smmla	v2.4s, v18.16b, v21.16b
add	x10, x10, #128
smmla	v13.4s, v17.16b, v24.16b
smmla	v1.4s, v18.16b, v24.16b
smmla	v12.4s, v17.16b, v22.16b
smmla	v11.4s, v18.16b, v22.16b
b.ne	.LBB0_23
