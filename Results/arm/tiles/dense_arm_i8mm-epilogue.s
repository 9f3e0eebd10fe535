// requantization and stores of one tile (64 outputs) of dense_arm_i8mm, traced by scripts/model-arm
mov	v17.16b, v23.16b
lsl	x13, x9, #6
mov	w10, #16
mov	w11, #32
mov	w12, #48
bfi	x10, x9, #6, #58
ldr	q18, [x3, x13]
bfi	x11, x9, #6, #58
mov	v21.16b, v19.16b
mov	v17.d[1], v20.d[0]
bfi	x12, x9, #6, #58
ldr	q0, [x25, x13]
ldr	q31, [x3, x10]
ldr	q9, [x3, x11]
mov	v25.16b, v15.16b
ldr	q22, [x23, x13]
mov	v10.16b, v13.16b
mov	v21.d[1], v16.d[0]
stp	q18, q31, [x29, #-256]
ldr	q30, [x23, x11]
ldr	q8, [x25, x10]
add	v26.4s, v17.4s, v18.4s
ldr	q17, [x3, x12]
ldr	q18, [x23, x12]
stp	q9, q0, [x29, #-208]
mov	v25.d[1], v14.d[0]
mov	v10.d[1], v12.d[0]
stur	q17, [x29, #-96]
mvn	v17.16b, v22.16b
add	v31.4s, v31.4s, v21.4s
sqdmull	v28.2d, v26.2s, v0.2s
sqdmull2	v24.2d, v26.4s, v0.4s
ldr	q0, [x25, x12]
mvn	v21.16b, v30.16b
ldr	q29, [x23, x10]
ldr	q27, [x25, x11]
stur	q0, [x29, #-128]
mvn	v0.16b, v18.16b
sshll	v30.2d, v17.2s, #0
add	v9.4s, v9.4s, v25.4s
sqdmull	v25.2d, v31.2s, v8.2s
mvn	v29.16b, v29.16b
ssra	v28.2d, v28.2d, #63
sshll2	v22.2d, v17.4s, #0
mov	v17.16b, v21.16b
stur	q0, [x29, #-144]
ldur	q0, [x29, #-96]
sqdmull2	v31.2d, v31.4s, v8.4s
sqdmull	v26.2d, v9.2s, v27.2s
stp	q27, q8, [sp, #224]
sshll	v18.2d, v29.2s, #0
add	v10.4s, v0.4s, v10.4s
srshl	v0.2d, v28.2d, v30.2d
ssra	v25.2d, v25.2d, #63
sshll	v21.2d, v17.2s, #0
stur	q30, [x29, #-224]
ssra	v24.2d, v24.2d, #63
sqdmull2	v9.2d, v9.4s, v27.4s
sshll2	v30.2d, v17.4s, #0
str	q18, [sp, #208]
stp	q0, q10, [x29, #-176]
ldp	q8, q0, [x29, #-144]
ssra	v26.2d, v26.2d, #63
ldur	q17, [x29, #-176]
srshl	v25.2d, v25.2d, v18.2d
ssra	v31.2d, v31.2d, #63
str	q21, [sp, #256]
sqdmull	v28.2d, v10.2s, v0.2s
mov	v18.16b, v0.16b
sqxtn	v27.2s, v17.2d
ldur	q0, [x29, #-160]
srshl	v17.2d, v24.2d, v22.2d
srshl	v26.2d, v26.2d, v21.2d
sshll2	v10.2d, v29.4s, #0
sshll	v29.2d, v8.2s, #0
mov	v21.16b, v30.16b
ssra	v9.2d, v9.2d, #63
sqdmull2	v24.2d, v0.4s, v18.4s
sqxtn	v25.2s, v25.2d
ssra	v28.2d, v28.2d, #63
sqxtn2	v27.4s, v17.2d
sqxtn	v26.2s, v26.2d
mov	v30.16b, v10.16b
srshl	v10.2d, v31.2d, v10.2d
sshll2	v31.2d, v8.4s, #0
srshl	v9.2d, v9.2d, v21.2d
ldr	q8, [x22, x13]
stur	q29, [x29, #-160]
srshl	v28.2d, v28.2d, v29.2d
ssra	v24.2d, v24.2d, #63
ldr	q0, [x17, x13]
sqxtn2	v25.4s, v10.2d
sqxtn	v27.4h, v27.4s
ldr	q10, [x21, x10]
sqxtn2	v26.4s, v9.2d
ldr	q9, [x22, x10]
ldr	q29, [x17, x12]
sqxtn	v28.2s, v28.2d
srshl	v24.2d, v24.2d, v31.2d
stur	q22, [x29, #-176]
uzp1	v8.8h, v8.8h, v9.8h
sqxtn2	v27.8h, v25.4s
ldr	q25, [x22, x11]
sqxtn2	v28.4s, v24.2d
sqxtn	v24.4h, v26.4s
ldr	q26, [x22, x12]
uzp1	v9.8h, v25.8h, v26.8h
sqadd	v25.8h, v27.8h, v8.8h
ldr	q26, [x21, x11]
ldr	q27, [x21, x12]
sqxtn2	v24.8h, v28.4s
ldr	q28, [x21, x13]
uzp1	v26.8h, v26.8h, v27.8h
uzp1	v27.8h, v28.8h, v10.8h
sqxtn	v25.8b, v25.8h
ldr	q28, [x17, x10]
ldr	q10, [x17, x11]
lsl	x11, x9, #4
sqadd	v24.8h, v24.8h, v9.8h
uzp1	v28.8h, v0.8h, v28.8h
uzp1	v29.8h, v10.8h, v29.8h
sub	x10, x24, x11
add	x12, x8, x11
uzp1	v10.16b, v27.16b, v26.16b
cmp	x10, #15
sqxtn2	v25.16b, v24.8h
uzp1	v22.16b, v28.16b, v29.16b
smax	v24.16b, v25.16b, v10.16b
smin	v24.16b, v24.16b, v22.16b
str	q24, [x12]
cmp	x5, #1
zip2	v20.2d, v23.2d, v20.2d
ldp	q17, q23, [x29, #-256]
zip2	v16.2d, v19.2d, v16.2d
zip2	v19.2d, v15.2d, v14.2d
ldur	q27, [x29, #-96]
ext	v15.16b, v18.16b, v18.16b, #8
cmp	x10, #15
add	x13, x12, x24
add	v20.4s, v20.4s, v17.4s
ldp	q24, q17, [x29, #-208]
add	v16.4s, v23.4s, v16.4s
ext	v14.16b, v17.16b, v17.16b, #8
ext	v23.16b, v20.16b, v20.16b, #8
sqdmull	v20.2d, v20.2s, v17.2s
add	v19.4s, v24.4s, v19.4s
zip2	v24.2d, v13.2d, v12.2d
ldp	q17, q0, [sp, #224]
sqdmull	v23.2d, v23.2s, v14.2s
ssra	v20.2d, v20.2d, #63
ext	v12.16b, v0.16b, v0.16b, #8
sqdmull	v25.2d, v16.2s, v0.2s
ext	v16.16b, v16.16b, v16.16b, #8
sqdmull	v26.2d, v19.2s, v17.2s
ext	v13.16b, v17.16b, v17.16b, #8
ext	v19.16b, v19.16b, v19.16b, #8
add	v24.4s, v27.4s, v24.4s
ldur	q17, [x29, #-224]
ldr	q0, [sp, #208]
ssra	v23.2d, v23.2d, #63
srshl	v20.2d, v20.2d, v17.2d
ldur	q17, [x29, #-176]
ssra	v25.2d, v25.2d, #63
sqdmull	v16.2d, v16.2s, v12.2s
ssra	v26.2d, v26.2d, #63
sqdmull	v19.2d, v19.2s, v13.2s
sqdmull	v27.2d, v24.2s, v18.2s
ext	v24.16b, v24.16b, v24.16b, #8
srshl	v23.2d, v23.2d, v17.2d
ldr	q17, [sp, #256]
sqxtn	v20.2s, v20.2d
srshl	v25.2d, v25.2d, v0.2d
srshl	v26.2d, v26.2d, v17.2d
ssra	v16.2d, v16.2d, #63
ssra	v19.2d, v19.2d, #63
ssra	v27.2d, v27.2d, #63
sqdmull	v24.2d, v24.2s, v15.2s
ldur	q17, [x29, #-160]
sqxtn	v25.2s, v25.2d
sqxtn2	v20.4s, v23.2d
sqxtn	v23.2s, v26.2d
srshl	v16.2d, v16.2d, v30.2d
srshl	v19.2d, v19.2d, v21.2d
srshl	v26.2d, v27.2d, v17.2d
ssra	v24.2d, v24.2d, #63
sqxtn2	v25.4s, v16.2d
sqxtn2	v23.4s, v19.2d
sqxtn	v16.2s, v26.2d
sqxtn	v19.4h, v20.4s
srshl	v20.2d, v24.2d, v31.2d
sqxtn2	v16.4s, v20.2d
sqxtn2	v19.8h, v25.4s
sqxtn	v20.4h, v23.4s
sqadd	v19.8h, v19.8h, v8.8h
sqxtn2	v20.8h, v16.4s
sqadd	v16.8h, v20.8h, v9.8h
sqxtn	v19.8b, v19.8h
sqxtn2	v19.16b, v16.8h
smax	v16.16b, v19.16b, v10.16b
smin	v16.16b, v16.16b, v22.16b
str	q16, [x13]
cmp	x5, #3
mov	v16.16b, v7.16b
mov	v19.16b, v5.16b
ldur	q27, [x29, #-96]
ldp	q0, q17, [x29, #-256]
mov	v20.16b, v3.16b
mov	v24.16b, v1.16b
cmp	x10, #15
add	x13, x12, x18
mov	v16.d[1], v6.d[0]
mov	v19.d[1], v4.d[0]
mov	v20.d[1], v2.d[0]
mov	v24.d[1], v11.d[0]
add	v16.4s, v0.4s, v16.4s
add	v19.4s, v17.4s, v19.4s
ldp	q0, q17, [x29, #-208]
add	v24.4s, v27.4s, v24.4s
ext	v23.16b, v16.16b, v16.16b, #8
sqdmull	v16.2d, v16.2s, v17.2s
add	v20.4s, v0.4s, v20.4s
ldp	q17, q0, [sp, #224]
sqdmull	v27.2d, v24.2s, v18.2s
ext	v24.16b, v24.16b, v24.16b, #8
sqdmull	v23.2d, v23.2s, v14.2s
sqdmull	v25.2d, v19.2s, v0.2s
ext	v19.16b, v19.16b, v19.16b, #8
sqdmull	v26.2d, v20.2s, v17.2s
ext	v20.16b, v20.16b, v20.16b, #8
ssra	v16.2d, v16.2d, #63
ldur	q17, [x29, #-224]
ldr	q0, [sp, #208]
ssra	v27.2d, v27.2d, #63
sqdmull	v24.2d, v24.2s, v15.2s
ssra	v23.2d, v23.2d, #63
srshl	v16.2d, v16.2d, v17.2d
ldur	q17, [x29, #-176]
ssra	v25.2d, v25.2d, #63
sqdmull	v19.2d, v19.2s, v12.2s
ssra	v26.2d, v26.2d, #63
sqdmull	v20.2d, v20.2s, v13.2s
srshl	v23.2d, v23.2d, v17.2d
ldr	q17, [sp, #256]
ssra	v24.2d, v24.2d, #63
sqxtn	v16.2s, v16.2d
srshl	v25.2d, v25.2d, v0.2d
srshl	v26.2d, v26.2d, v17.2d
ldur	q17, [x29, #-160]
ssra	v19.2d, v19.2d, #63
ssra	v20.2d, v20.2d, #63
sqxtn	v25.2s, v25.2d
sqxtn2	v16.4s, v23.2d
sqxtn	v23.2s, v26.2d
srshl	v26.2d, v27.2d, v17.2d
srshl	v19.2d, v19.2d, v30.2d
srshl	v20.2d, v20.2d, v21.2d
sqxtn2	v25.4s, v19.2d
sqxtn2	v23.4s, v20.2d
sqxtn	v19.2s, v26.2d
sqxtn	v16.4h, v16.4s
srshl	v20.2d, v24.2d, v31.2d
sqxtn2	v19.4s, v20.2d
sqxtn	v20.4h, v23.4s
sqxtn2	v16.8h, v25.4s
sqxtn2	v20.8h, v19.4s
sqadd	v16.8h, v16.8h, v8.8h
sqadd	v19.8h, v20.8h, v9.8h
sqxtn	v16.8b, v16.8h
sqxtn2	v16.16b, v19.8h
smax	v16.16b, v16.16b, v10.16b
smin	v16.16b, v16.16b, v22.16b
str	q16, [x13]
cmp	x5, #4
zip2	v6.2d, v7.2d, v6.2d
zip2	v4.2d, v5.2d, v4.2d
ldur	q7, [x29, #-96]
zip2	v2.2d, v3.2d, v2.2d
ldp	q3, q5, [x29, #-256]
ldr	q16, [sp, #208]
ldr	x13, [sp, #144]
cmp	x10, #15
add	v3.4s, v3.4s, v6.4s
ldp	q0, q6, [x29, #-208]
add	v4.4s, v5.4s, v4.4s
add	x12, x12, x13
ext	v5.16b, v3.16b, v3.16b, #8
add	v2.4s, v0.4s, v2.4s
sqdmull	v3.2d, v3.2s, v6.2s
zip2	v0.2d, v1.2d, v11.2d
ldp	q6, q1, [sp, #224]
sqdmull	v1.2d, v4.2s, v1.2s
sqdmull	v5.2d, v5.2s, v14.2s
sqdmull	v6.2d, v2.2s, v6.2s
ssra	v3.2d, v3.2d, #63
ext	v4.16b, v4.16b, v4.16b, #8
ext	v2.16b, v2.16b, v2.16b, #8
add	v0.4s, v7.4s, v0.4s
ldur	q7, [x29, #-224]
ssra	v1.2d, v1.2d, #63
ssra	v5.2d, v5.2d, #63
srshl	v3.2d, v3.2d, v7.2d
ssra	v6.2d, v6.2d, #63
sqdmull	v4.2d, v4.2s, v12.2s
sqdmull	v2.2d, v2.2s, v13.2s
sqdmull	v7.2d, v0.2s, v18.2s
ext	v0.16b, v0.16b, v0.16b, #8
srshl	v1.2d, v1.2d, v16.2d
ldur	q16, [x29, #-176]
sqxtn	v3.2s, v3.2d
srshl	v5.2d, v5.2d, v16.2d
ldr	q16, [sp, #256]
ssra	v4.2d, v4.2d, #63
ssra	v2.2d, v2.2d, #63
ssra	v7.2d, v7.2d, #63
sqdmull	v0.2d, v0.2s, v15.2s
srshl	v6.2d, v6.2d, v16.2d
sqxtn	v1.2s, v1.2d
sqxtn2	v3.4s, v5.2d
srshl	v4.2d, v4.2d, v30.2d
srshl	v2.2d, v2.2d, v21.2d
sqxtn	v5.2s, v6.2d
ldur	q6, [x29, #-160]
ssra	v0.2d, v0.2d, #63
sqxtn2	v1.4s, v4.2d
srshl	v6.2d, v7.2d, v6.2d
sqxtn	v3.4h, v3.4s
srshl	v0.2d, v0.2d, v31.2d
sqxtn2	v5.4s, v2.2d
sqxtn	v2.2s, v6.2d
sqxtn2	v3.8h, v1.4s
sqxtn2	v2.4s, v0.2d
sqxtn	v0.4h, v5.4s
sqadd	v1.8h, v3.8h, v8.8h
sqxtn2	v0.8h, v2.4s
sqxtn	v1.8b, v1.8h
sqadd	v0.8h, v0.8h, v9.8h
sqxtn2	v1.16b, v0.8h
smax	v0.16b, v1.16b, v10.16b
smin	v0.16b, v0.16b, v22.16b
str	q0, [x12]
