// hot loop of dense_arm_neon, extracted from swiftc -S by scripts/model-arm
ldp	q25, q24, [x18], #64
ld1r	{ v26.2s }, [x1], #4
add	x4, x2, x27, lsl #2
subs	x7, x7, #1
ext	v27.16b, v25.16b, v25.16b, #8
ext	v29.16b, v24.16b, v24.16b, #8
ld1r	{ v28.2s }, [x4]
smull	v30.8h, v25.8b, v26.8b
smull	v31.8h, v24.8b, v26.8b
add	x4, x2, x25
add	x2, x2, x23
smull	v9.8h, v25.8b, v28.8b
smull	v10.8h, v27.8b, v26.8b
smull	v26.8h, v29.8b, v26.8b
sadalp	v23.4s, v30.8h
ld1r	{ v30.2s }, [x4]
sadalp	v22.4s, v31.8h
smull	v31.8h, v27.8b, v28.8b
sadalp	v21.4s, v9.8h
smull	v9.8h, v24.8b, v28.8b
smull	v28.8h, v29.8b, v28.8b
sadalp	v5.4s, v26.8h
smull	v26.8h, v27.8b, v30.8b
sadalp	v4.4s, v10.8h
smull	v10.8h, v25.8b, v30.8b
sadalp	v20.4s, v31.8h
ld1r	{ v31.2s }, [x2]
mov	x2, x1
sadalp	v19.4s, v9.8h
smull	v9.8h, v24.8b, v30.8b
sadalp	v18.4s, v28.8h
smull	v28.8h, v29.8b, v30.8b
smull	v25.8h, v25.8b, v31.8b
smull	v24.8h, v24.8b, v31.8b
sadalp	v16.4s, v26.8h
smull	v26.8h, v27.8b, v31.8b
smull	v27.8h, v29.8b, v31.8b
sadalp	v17.4s, v10.8h
sadalp	v7.4s, v9.8h
sadalp	v6.4s, v28.8h
sadalp	v3.4s, v25.8h
sadalp	v2.4s, v26.8h
sadalp	v1.4s, v24.8h
sadalp	v0.4s, v27.8h
b.ne	.LBB0_22
