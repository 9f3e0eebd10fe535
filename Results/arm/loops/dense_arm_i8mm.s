// hot loop of dense_arm_i8mm, extracted from swiftc -S by scripts/model-arm
ldp	q26, q27, [x10]
subs	x11, x11, #1
ldr	q24, [x12]
ldr	q25, [x12, x1, lsl #4]
add	x12, x12, #16
smmla	v23.4s, v24.16b, v26.16b
smmla	v7.4s, v25.16b, v26.16b
smmla	v22.4s, v24.16b, v27.16b
ldp	q28, q26, [x10, #32]
smmla	v6.4s, v25.16b, v27.16b
smmla	v20.4s, v24.16b, v26.16b
smmla	v4.4s, v25.16b, v26.16b
smmla	v21.4s, v24.16b, v28.16b
ldp	q27, q26, [x10, #64]
smmla	v5.4s, v25.16b, v28.16b
smmla	v19.4s, v24.16b, v27.16b
smmla	v3.4s, v25.16b, v27.16b
smmla	v18.4s, v24.16b, v26.16b
ldp	q28, q27, [x10, #96]
smmla	v2.4s, v25.16b, v26.16b
add	x10, x10, #128
smmla	v17.4s, v24.16b, v28.16b
smmla	v1.4s, v25.16b, v28.16b
smmla	v16.4s, v24.16b, v27.16b
smmla	v0.4s, v25.16b, v27.16b
b.ne	.LBB0_23
