// hot loop of activation_lut_arm_neon, extracted from swiftc -S by scripts/model-arm
ldp	q27, q28, [x11, #-16]
add	x12, x9, #48
cmp	x2, x12
add	x11, x11, #32
add	x9, x9, #32
eor	v29.16b, v27.16b, v24.16b
eor	v30.16b, v28.16b, v24.16b
add	v31.16b, v27.16b, v25.16b
add	v8.16b, v28.16b, v25.16b
tbl	v29.16b, { v16.16b, v17.16b, v18.16b, v19.16b }, v29.16b
tbl	v30.16b, { v16.16b, v17.16b, v18.16b, v19.16b }, v30.16b
tbx	v29.16b, { v20.16b, v21.16b, v22.16b, v23.16b }, v31.16b
tbx	v30.16b, { v20.16b, v21.16b, v22.16b, v23.16b }, v8.16b
tbx	v29.16b, { v4.16b, v5.16b, v6.16b, v7.16b }, v27.16b
tbx	v30.16b, { v4.16b, v5.16b, v6.16b, v7.16b }, v28.16b
add	v27.16b, v27.16b, v26.16b
add	v28.16b, v28.16b, v26.16b
tbx	v29.16b, { v0.16b, v1.16b, v2.16b, v3.16b }, v27.16b
tbx	v30.16b, { v0.16b, v1.16b, v2.16b, v3.16b }, v28.16b
stp	q29, q30, [x10, #-16]
add	x10, x10, #32
b.ge	.LBB0_2
