// hot loop of dense_arm_neon, extracted from swiftc -S by scripts/model-arm
ldp	q21, q20, [x18], #64
ld1r	{ v22.2s }, [x1], #4
add	x3, x4, x27, lsl #2
subs	x7, x7, #1
ext	v23.16b, v21.16b, v21.16b, #8
ext	v25.16b, v20.16b, v20.16b, #8
ld1r	{ v24.2s }, [x3]
smull	v26.8h, v21.8b, v22.8b
smull	v27.8h, v20.8b, v22.8b
add	x3, x4, x19
add	x4, x4, x23
smull	v28.8h, v21.8b, v24.8b
smull	v29.8h, v23.8b, v22.8b
smull	v22.8h, v25.8b, v22.8b
sadalp	v19.4s, v26.8h
ld1r	{ v26.2s }, [x3]
sadalp	v18.4s, v27.8h
smull	v27.8h, v23.8b, v24.8b
sadalp	v9.4s, v28.8h
smull	v28.8h, v20.8b, v24.8b
smull	v24.8h, v25.8b, v24.8b
sadalp	v17.4s, v22.8h
smull	v22.8h, v23.8b, v26.8b
sadalp	v16.4s, v29.8h
smull	v29.8h, v21.8b, v26.8b
sadalp	v8.4s, v27.8h
ld1r	{ v27.2s }, [x4]
mov	x4, x1
sadalp	v31.4s, v28.8h
smull	v28.8h, v20.8b, v26.8b
sadalp	v30.4s, v24.8h
smull	v24.8h, v25.8b, v26.8b
smull	v21.8h, v21.8b, v27.8b
smull	v20.8h, v20.8b, v27.8b
sadalp	v6.4s, v22.8h
smull	v22.8h, v23.8b, v27.8b
smull	v23.8h, v25.8b, v27.8b
sadalp	v7.4s, v29.8h
sadalp	v5.4s, v28.8h
sadalp	v4.4s, v24.8h
sadalp	v3.4s, v21.8h
sadalp	v2.4s, v22.8h
sadalp	v1.4s, v20.8h
sadalp	v0.4s, v23.8h
b.ne	.LBB0_22
