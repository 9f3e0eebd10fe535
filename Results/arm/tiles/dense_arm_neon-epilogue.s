// requantization and stores of one tile (32 outputs) of dense_arm_neon, traced by scripts/model-arm
lsl	x18, x17, #2
addp	v19.4s, v19.4s, v16.4s
addp	v17.4s, v18.4s, v17.4s
cmp	x16, #7
orr	x1, x18, #0x10
ldr	q16, [x25, x18]
ldr	q22, [x24, x18]
ldr	q20, [x25, x1]
ldr	q23, [x24, x1]
add	v18.4s, v19.4s, v16.4s
ldr	q19, [x21, x1]
add	v21.4s, v17.4s, v20.4s
ldr	q17, [x21, x18]
mvn	v26.16b, v19.16b
sqdmull	v24.2d, v18.2s, v22.2s
mvn	v25.16b, v17.16b
sqdmull2	v28.2d, v18.4s, v22.4s
sqdmull	v27.2d, v21.2s, v23.2s
sqdmull2	v29.2d, v21.4s, v23.4s
sshll	v19.2d, v26.2s, #0
sshll2	v21.2d, v26.4s, #0
sshll	v17.2d, v25.2s, #0
sshll2	v18.2d, v25.4s, #0
ssra	v24.2d, v24.2d, #63
ssra	v28.2d, v28.2d, #63
ssra	v27.2d, v27.2d, #63
ssra	v29.2d, v29.2d, #63
srshl	v24.2d, v24.2d, v17.2d
srshl	v25.2d, v27.2d, v19.2d
sqxtn	v26.2s, v24.2d
srshl	v24.2d, v28.2d, v18.2d
sqxtn	v27.2s, v25.2d
srshl	v25.2d, v29.2d, v21.2d
sqxtn2	v26.4s, v24.2d
ldr	q24, [x28, x18]
sqxtn2	v27.4s, v25.2d
ldr	q25, [x28, x1]
sqadd	v28.4s, v26.4s, v24.4s
ldr	q26, [x26, x18]
sqadd	v29.4s, v27.4s, v25.4s
ldr	q27, [x26, x1]
smax	v10.4s, v28.4s, v26.4s
ldr	q28, [x22, x18]
add	x18, x8, x17
smax	v11.4s, v29.4s, v27.4s
ldr	q29, [x22, x1]
smin	v10.4s, v10.4s, v28.4s
smin	v12.4s, v11.4s, v29.4s
xtn	v11.4h, v10.4s
xtn	v10.4h, v12.4s
uzp1	v10.8b, v11.8b, v10.8b
str	d10, [x18]
ldur	x18, [x29, #-40]
cmp	x18, #1
addp	v8.4s, v9.4s, v8.4s
addp	v30.4s, v31.4s, v30.4s
cmp	x16, #7
ext	v31.16b, v22.16b, v22.16b, #8
add	x18, x9, x17
add	v8.4s, v8.4s, v16.4s
add	v9.4s, v30.4s, v20.4s
ext	v30.16b, v23.16b, v23.16b, #8
sqdmull	v10.2d, v8.2s, v22.2s
ext	v8.16b, v8.16b, v8.16b, #8
sqdmull	v11.2d, v9.2s, v23.2s
ext	v9.16b, v9.16b, v9.16b, #8
ssra	v10.2d, v10.2d, #63
sqdmull	v8.2d, v8.2s, v31.2s
ssra	v11.2d, v11.2d, #63
sqdmull	v9.2d, v9.2s, v30.2s
srshl	v10.2d, v10.2d, v17.2d
srshl	v11.2d, v11.2d, v19.2d
ssra	v8.2d, v8.2d, #63
ssra	v9.2d, v9.2d, #63
sqxtn	v10.2s, v10.2d
sqxtn	v11.2s, v11.2d
srshl	v8.2d, v8.2d, v18.2d
srshl	v9.2d, v9.2d, v21.2d
sqxtn2	v10.4s, v8.2d
sqxtn2	v11.4s, v9.2d
sqadd	v8.4s, v10.4s, v24.4s
sqadd	v9.4s, v11.4s, v25.4s
smax	v8.4s, v8.4s, v26.4s
smax	v9.4s, v9.4s, v27.4s
smin	v8.4s, v8.4s, v28.4s
smin	v10.4s, v9.4s, v29.4s
xtn	v9.4h, v8.4s
xtn	v8.4h, v10.4s
uzp1	v8.8b, v9.8b, v8.8b
str	d8, [x18]
ldur	x18, [x29, #-40]
cmp	x18, #2
addp	v6.4s, v7.4s, v6.4s
addp	v4.4s, v5.4s, v4.4s
cmp	x16, #7
add	x18, x10, x17
add	v5.4s, v6.4s, v16.4s
add	v4.4s, v4.4s, v20.4s
sqdmull	v6.2d, v5.2s, v22.2s
ext	v5.16b, v5.16b, v5.16b, #8
sqdmull	v7.2d, v4.2s, v23.2s
ext	v4.16b, v4.16b, v4.16b, #8
ssra	v6.2d, v6.2d, #63
sqdmull	v5.2d, v5.2s, v31.2s
ssra	v7.2d, v7.2d, #63
sqdmull	v4.2d, v4.2s, v30.2s
srshl	v6.2d, v6.2d, v17.2d
srshl	v7.2d, v7.2d, v19.2d
ssra	v5.2d, v5.2d, #63
ssra	v4.2d, v4.2d, #63
sqxtn	v6.2s, v6.2d
sqxtn	v7.2s, v7.2d
srshl	v5.2d, v5.2d, v18.2d
srshl	v4.2d, v4.2d, v21.2d
sqxtn2	v6.4s, v5.2d
sqxtn2	v7.4s, v4.2d
sqadd	v4.4s, v6.4s, v24.4s
sqadd	v5.4s, v7.4s, v25.4s
smax	v4.4s, v4.4s, v26.4s
smax	v5.4s, v5.4s, v27.4s
smin	v4.4s, v4.4s, v28.4s
smin	v6.4s, v5.4s, v29.4s
xtn	v5.4h, v4.4s
xtn	v4.4h, v6.4s
uzp1	v4.8b, v5.8b, v4.8b
str	d4, [x18]
ldur	x18, [x29, #-40]
cmp	x18, #4
addp	v2.4s, v3.4s, v2.4s
addp	v0.4s, v1.4s, v0.4s
cmp	x16, #7
add	x18, x11, x17
add	v1.4s, v2.4s, v16.4s
add	v0.4s, v0.4s, v20.4s
sqdmull	v2.2d, v1.2s, v22.2s
ext	v1.16b, v1.16b, v1.16b, #8
sqdmull	v3.2d, v0.2s, v23.2s
ext	v0.16b, v0.16b, v0.16b, #8
ssra	v2.2d, v2.2d, #63
sqdmull	v1.2d, v1.2s, v31.2s
ssra	v3.2d, v3.2d, #63
sqdmull	v0.2d, v0.2s, v30.2s
srshl	v2.2d, v2.2d, v17.2d
srshl	v3.2d, v3.2d, v19.2d
ssra	v1.2d, v1.2d, #63
ssra	v0.2d, v0.2d, #63
sqxtn	v2.2s, v2.2d
sqxtn	v3.2s, v3.2d
srshl	v1.2d, v1.2d, v18.2d
srshl	v0.2d, v0.2d, v21.2d
sqxtn2	v2.4s, v1.2d
sqxtn2	v3.4s, v0.2d
sqadd	v0.4s, v2.4s, v24.4s
sqadd	v1.4s, v3.4s, v25.4s
smax	v0.4s, v0.4s, v26.4s
smax	v1.4s, v1.4s, v27.4s
smin	v0.4s, v0.4s, v28.4s
smin	v2.4s, v1.4s, v29.4s
xtn	v1.4h, v0.4s
xtn	v0.4h, v2.4s
uzp1	v0.8b, v1.8b, v0.8b
str	d0, [x18]
