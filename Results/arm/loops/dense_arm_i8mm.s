// hot loop of dense_arm_i8mm, extracted from swiftc -S by scripts/model-arm
ldp	q18, q19, [x10]
subs	x11, x11, #1
ldr	q16, [x12]
ldr	q17, [x12, x15, lsl #4]
add	x12, x12, #16
smmla	v30.4s, v16.16b, v18.16b
smmla	v7.4s, v17.16b, v18.16b
smmla	v28.4s, v16.16b, v19.16b
ldp	q20, q18, [x10, #32]
smmla	v6.4s, v17.16b, v19.16b
smmla	v26.4s, v16.16b, v18.16b
smmla	v4.4s, v17.16b, v18.16b
smmla	v27.4s, v16.16b, v20.16b
ldp	q19, q18, [x10, #64]
smmla	v5.4s, v17.16b, v20.16b
smmla	v25.4s, v16.16b, v19.16b
smmla	v3.4s, v17.16b, v19.16b
smmla	v24.4s, v16.16b, v18.16b
ldp	q20, q19, [x10, #96]
smmla	v2.4s, v17.16b, v18.16b
add	x10, x10, #128
smmla	v23.4s, v16.16b, v20.16b
smmla	v1.4s, v17.16b, v20.16b
smmla	v22.4s, v16.16b, v19.16b
smmla	v13.4s, v17.16b, v19.16b
b.ne	.LBB0_23
