// hot loop of requantize_arm_neon, extracted from swiftc -S by scripts/model-arm
ldp	q23, q24, [x14, #-16]
subs	x13, x13, #1
add	x14, x14, x10
sqdmull	v25.2d, v23.2s, v1.2s
ext	v23.16b, v23.16b, v23.16b, #8
sqdmull	v26.2d, v24.2s, v2.2s
ext	v24.16b, v24.16b, v24.16b, #8
ssra	v25.2d, v25.2d, #63
sqdmull	v23.2d, v23.2s, v7.2s
ssra	v26.2d, v26.2d, #63
sqdmull	v24.2d, v24.2s, v16.2s
srshl	v25.2d, v25.2d, v4.2d
srshl	v26.2d, v26.2d, v18.2d
ssra	v23.2d, v23.2d, #63
ssra	v24.2d, v24.2d, #63
sqxtn	v25.2s, v25.2d
sqxtn	v26.2s, v26.2d
srshl	v23.2d, v23.2d, v5.2d
srshl	v24.2d, v24.2d, v19.2d
sqxtn2	v25.4s, v23.2d
sqxtn2	v26.4s, v24.2d
sqadd	v23.4s, v25.4s, v3.4s
sqadd	v24.4s, v26.4s, v20.4s
smax	v23.4s, v23.4s, v6.4s
smax	v24.4s, v24.4s, v21.4s
smin	v25.4s, v23.4s, v17.4s
smin	v26.4s, v24.4s, v22.4s
tbl	v23.16b, { v25.16b, v26.16b }, v0.16b
str	d23, [x12]
add	x12, x12, x2
b.ne	.LBB0_6
