// requantization and stores of one tile (80 outputs) of dense_arm_dotprod, traced by scripts/model-arm
lsl	x11, x9, #6
mov	w10, #16
mov	w13, #48
bfi	x10, x9, #6, #58
bfi	x13, x9, #6, #58
mov	w12, #32
ldr	q24, [x26, x11]
ldr	q14, [x4, x11]
bfi	x12, x9, #6, #58
ldr	q30, [x5, x11]
ldr	q15, [x4, x10]
ldr	q10, [x26, x10]
add	v27.4s, v24.4s, v22.4s
ldr	q22, [x26, x13]
ldr	q12, [x26, x12]
ldr	q31, [x5, x10]
stur	q24, [x29, #-160]
ldr	q24, [x5, x13]
stp	q15, q22, [x29, #-112]
mvn	v22.16b, v30.16b
ldr	q8, [x4, x12]
sqdmull	v13.2d, v27.2s, v14.2s
stur	q10, [x29, #-224]
add	v10.4s, v10.4s, v28.4s
stp	q12, q14, [x29, #-192]
add	v12.4s, v12.4s, v26.4s
mvn	v11.16b, v31.16b
sshll	v31.2d, v22.2s, #0
ldr	q9, [x5, x12]
mvn	v30.16b, v24.16b
ldur	q24, [x29, #-96]
sqdmull2	v27.2d, v27.4s, v14.4s
sqdmull	v14.2d, v10.2s, v15.2s
ssra	v13.2d, v13.2d, #63
sqdmull	v15.2d, v12.2s, v8.2s
mvn	v9.16b, v9.16b
add	v29.4s, v24.4s, v29.4s
sshll2	v26.2d, v22.4s, #0
sshll	v22.2d, v11.2s, #0
stur	q31, [x29, #-208]
ldr	q28, [x4, x13]
sqdmull2	v12.2d, v12.4s, v8.4s
srshl	v13.2d, v13.2d, v31.2d
ldur	q31, [x29, #-112]
sshll	v24.2d, v9.2s, #0
ssra	v27.2d, v27.2d, #63
ssra	v14.2d, v14.2d, #63
ssra	v15.2d, v15.2d, #63
sqdmull2	v31.2d, v10.4s, v31.4s
stp	q22, q8, [sp, #208]
sqdmull	v8.2d, v29.2s, v28.2s
stur	q30, [x29, #-144]
sshll2	v10.2d, v11.4s, #0
sshll	v11.2d, v30.2s, #0
sqxtn	v30.2s, v13.2d
srshl	v13.2d, v14.2d, v22.2d
srshl	v27.2d, v27.2d, v26.2d
srshl	v14.2d, v15.2d, v24.2d
sshll2	v9.2d, v9.4s, #0
ssra	v12.2d, v12.2d, #63
ssra	v31.2d, v31.2d, #63
ssra	v8.2d, v8.2d, #63
sqdmull2	v29.2d, v29.4s, v28.4s
sqxtn	v13.2s, v13.2d
ldur	q22, [x29, #-144]
stp	q28, q11, [sp, #160]
sqxtn2	v30.4s, v27.2d
srshl	v12.2d, v12.2d, v9.2d
stur	q26, [x29, #-240]
srshl	v27.2d, v31.2d, v10.2d
sqxtn	v31.2s, v14.2d
srshl	v8.2d, v8.2d, v11.2d
sshll2	v11.2d, v22.4s, #0
ssra	v29.2d, v29.2d, #63
ldr	q14, [x7, x10]
str	q9, [sp, #192]
ldr	q15, [x1, x11]
ldr	q9, [x1, x13]
sqxtn2	v13.4s, v27.2d
sqxtn	v27.2s, v8.2d
sqxtn	v30.4h, v30.4s
sqxtn2	v31.4s, v12.2d
srshl	v29.2d, v29.2d, v11.2d
ldr	q8, [x24, x11]
ldr	q12, [x24, x10]
str	q24, [sp, #240]
mov	v24.16b, v10.16b
uzp1	v26.8h, v8.8h, v12.8h
sqxtn2	v27.4s, v29.2d
sqxtn2	v30.8h, v13.4s
sqxtn	v29.4h, v31.4s
ldr	q31, [x24, x12]
ldr	q8, [x24, x13]
uzp1	v13.8h, v31.8h, v8.8h
ldr	q31, [x7, x13]
ldr	q8, [x7, x11]
sqadd	v30.8h, v30.8h, v26.8h
lsl	x11, x9, #4
sqxtn2	v29.8h, v27.4s
ldr	q27, [x7, x12]
uzp1	v27.8h, v27.8h, v31.8h
uzp1	v31.8h, v8.8h, v14.8h
ldr	q8, [x1, x10]
sqxtn	v30.8b, v30.8h
ldr	q14, [x1, x12]
sub	x10, x2, x11
sqadd	v29.8h, v29.8h, v13.8h
uzp1	v8.8h, v15.8h, v8.8h
cmp	x10, #15
uzp1	v9.8h, v14.8h, v9.8h
add	x12, x8, x11
uzp1	v14.16b, v31.16b, v27.16b
sqxtn2	v30.16b, v29.8h
uzp1	v15.16b, v8.16b, v9.16b
smax	v27.16b, v30.16b, v14.16b
smin	v27.16b, v27.16b, v15.16b
str	q27, [x12]
cmp	x23, #1
ldp	q22, q27, [x29, #-176]
mov	v12.16b, v26.16b
cmp	x10, #15
add	x13, x12, x2
add	v27.4s, v27.4s, v25.4s
ldur	q25, [x29, #-224]
ext	v28.16b, v22.16b, v22.16b, #8
add	v23.4s, v25.4s, v23.4s
ldur	q25, [x29, #-192]
ext	v29.16b, v27.16b, v27.16b, #8
sqdmull	v27.2d, v27.2s, v22.2s
add	v30.4s, v25.4s, v21.4s
ldur	q21, [x29, #-112]
stur	q28, [x29, #-144]
ext	v8.16b, v23.16b, v23.16b, #8
ext	v22.16b, v21.16b, v21.16b, #8
sqdmull	v31.2d, v23.2s, v21.2s
ldr	q21, [sp, #224]
sqdmull	v29.2d, v29.2s, v28.2s
ssra	v27.2d, v27.2d, #63
sqdmull	v9.2d, v30.2s, v21.2s
ext	v23.16b, v21.16b, v21.16b, #8
ldur	q21, [x29, #-96]
ext	v30.16b, v30.16b, v30.16b, #8
add	v25.4s, v21.4s, v20.4s
mov	v26.16b, v22.16b
ldr	q22, [sp, #160]
ldur	q21, [x29, #-208]
ssra	v31.2d, v31.2d, #63
ssra	v29.2d, v29.2d, #63
ext	v20.16b, v22.16b, v22.16b, #8
ssra	v9.2d, v9.2d, #63
srshl	v27.2d, v27.2d, v21.2d
sqdmull	v21.2d, v25.2s, v22.2s
ldr	q22, [sp, #208]
sqdmull	v30.2d, v30.2s, v23.2s
sqdmull	v8.2d, v8.2s, v26.2s
ext	v25.16b, v25.16b, v25.16b, #8
srshl	v31.2d, v31.2d, v22.2d
ldur	q22, [x29, #-240]
sqxtn	v27.2s, v27.2d
srshl	v29.2d, v29.2d, v22.2d
ldr	q22, [sp, #240]
ssra	v21.2d, v21.2d, #63
ssra	v30.2d, v30.2d, #63
ssra	v8.2d, v8.2d, #63
sqdmull	v25.2d, v25.2s, v20.2s
srshl	v9.2d, v9.2d, v22.2d
ldr	q22, [sp, #192]
sqxtn	v31.2s, v31.2d
sqxtn2	v27.4s, v29.2d
srshl	v30.2d, v30.2d, v22.2d
ldr	q22, [sp, #176]
srshl	v29.2d, v8.2d, v24.2d
sqxtn	v8.2s, v9.2d
ssra	v25.2d, v25.2d, #63
srshl	v21.2d, v21.2d, v22.2d
sqxtn2	v31.4s, v29.2d
sqxtn	v27.4h, v27.4s
srshl	v25.2d, v25.2d, v11.2d
sqxtn2	v8.4s, v30.2d
sqxtn	v21.2s, v21.2d
sqxtn2	v27.8h, v31.4s
sqxtn2	v21.4s, v25.2d
sqxtn	v25.4h, v8.4s
sqadd	v27.8h, v27.8h, v12.8h
sqxtn2	v25.8h, v21.4s
sqadd	v21.8h, v25.8h, v13.8h
sqxtn	v25.8b, v27.8h
sqxtn2	v25.16b, v21.8h
smax	v21.16b, v25.16b, v14.16b
smin	v27.16b, v21.16b, v15.16b
str	q27, [x13]
cmp	x23, #3
ldur	q21, [x29, #-160]
ldp	q25, q22, [x29, #-192]
cmp	x10, #15
add	x13, x12, x21
add	v19.4s, v21.4s, v19.4s
ldur	q21, [x29, #-224]
add	v17.4s, v25.4s, v17.4s
add	v18.4s, v21.4s, v18.4s
ext	v21.16b, v19.16b, v19.16b, #8
sqdmull	v19.2d, v19.2s, v22.2s
ldp	q22, q29, [x29, #-112]
sqdmull	v25.2d, v18.2s, v22.2s
ldr	q22, [sp, #224]
ssra	v19.2d, v19.2d, #63
add	v16.4s, v29.4s, v16.4s
ext	v18.16b, v18.16b, v18.16b, #8
sqdmull	v27.2d, v17.2s, v22.2s
ldur	q22, [x29, #-144]
ext	v17.16b, v17.16b, v17.16b, #8
sqdmull	v21.2d, v21.2s, v22.2s
ldur	q22, [x29, #-208]
ssra	v25.2d, v25.2d, #63
sqdmull	v18.2d, v18.2s, v26.2s
srshl	v19.2d, v19.2d, v22.2d
ldr	q22, [sp, #160]
ssra	v27.2d, v27.2d, #63
sqdmull	v17.2d, v17.2s, v23.2s
sqdmull	v29.2d, v16.2s, v22.2s
ldr	q22, [sp, #208]
ssra	v21.2d, v21.2d, #63
ext	v16.16b, v16.16b, v16.16b, #8
sqxtn	v19.2s, v19.2d
ssra	v18.2d, v18.2d, #63
srshl	v25.2d, v25.2d, v22.2d
ldur	q22, [x29, #-240]
ssra	v17.2d, v17.2d, #63
srshl	v21.2d, v21.2d, v22.2d
ldr	q22, [sp, #240]
ssra	v29.2d, v29.2d, #63
sqdmull	v16.2d, v16.2s, v20.2s
sqxtn	v25.2s, v25.2d
srshl	v18.2d, v18.2d, v24.2d
srshl	v27.2d, v27.2d, v22.2d
sqxtn2	v19.4s, v21.2d
sqxtn	v21.2s, v27.2d
ldp	q22, q27, [sp, #176]
ssra	v16.2d, v16.2d, #63
sqxtn2	v25.4s, v18.2d
sqxtn	v18.4h, v19.4s
srshl	v17.2d, v17.2d, v27.2d
srshl	v27.2d, v29.2d, v22.2d
srshl	v16.2d, v16.2d, v11.2d
sqxtn2	v21.4s, v17.2d
sqxtn	v17.2s, v27.2d
sqxtn2	v18.8h, v25.4s
sqxtn2	v17.4s, v16.2d
sqxtn	v16.4h, v21.4s
sqadd	v18.8h, v18.8h, v12.8h
sqxtn2	v16.8h, v17.4s
sqxtn	v17.8b, v18.8h
sqadd	v16.8h, v16.8h, v13.8h
sqxtn2	v17.16b, v16.8h
smax	v16.16b, v17.16b, v14.16b
smin	v16.16b, v16.16b, v15.16b
str	q16, [x13]
cmp	x23, #4
ldp	q16, q19, [x29, #-160]
cmp	x10, #15
ldp	q18, q17, [x29, #-192]
ldr	x13, [sp, #128]
add	v7.4s, v16.4s, v7.4s
ldur	q16, [x29, #-224]
add	x13, x12, x13
add	v5.4s, v18.4s, v5.4s
ldp	q21, q18, [sp, #208]
add	v6.4s, v16.4s, v6.4s
ext	v16.16b, v7.16b, v7.16b, #8
sqdmull	v7.2d, v7.2s, v17.2s
ldur	q17, [x29, #-112]
sqdmull	v18.2d, v5.2s, v18.2s
ext	v5.16b, v5.16b, v5.16b, #8
sqdmull	v17.2d, v6.2s, v17.2s
ext	v6.16b, v6.16b, v6.16b, #8
sqdmull	v16.2d, v16.2s, v19.2s
ldur	q19, [x29, #-96]
ssra	v7.2d, v7.2d, #63
ssra	v18.2d, v18.2d, #63
sqdmull	v5.2d, v5.2s, v23.2s
ssra	v17.2d, v17.2d, #63
add	v4.4s, v19.4s, v4.4s
ldur	q19, [x29, #-208]
sqdmull	v6.2d, v6.2s, v26.2s
ssra	v16.2d, v16.2d, #63
srshl	v7.2d, v7.2d, v19.2d
ldr	q19, [sp, #160]
srshl	v17.2d, v17.2d, v21.2d
ldur	q21, [x29, #-240]
ssra	v5.2d, v5.2d, #63
sqdmull	v19.2d, v4.2s, v19.2s
ext	v4.16b, v4.16b, v4.16b, #8
srshl	v16.2d, v16.2d, v21.2d
ldr	q21, [sp, #240]
sqxtn	v7.2s, v7.2d
ssra	v6.2d, v6.2d, #63
sqxtn	v17.2s, v17.2d
srshl	v18.2d, v18.2d, v21.2d
ssra	v19.2d, v19.2d, #63
sqdmull	v4.2d, v4.2s, v20.2s
sqxtn2	v7.4s, v16.2d
srshl	v6.2d, v6.2d, v24.2d
sqxtn	v16.2s, v18.2d
ldp	q18, q21, [sp, #176]
ssra	v4.2d, v4.2d, #63
sqxtn2	v17.4s, v6.2d
srshl	v5.2d, v5.2d, v21.2d
srshl	v18.2d, v19.2d, v18.2d
sqxtn	v6.4h, v7.4s
srshl	v4.2d, v4.2d, v11.2d
sqxtn2	v16.4s, v5.2d
sqxtn	v5.2s, v18.2d
sqxtn2	v6.8h, v17.4s
sqxtn2	v5.4s, v4.2d
sqxtn	v4.4h, v16.4s
sqadd	v6.8h, v6.8h, v12.8h
sqxtn2	v4.8h, v5.4s
sqxtn	v5.8b, v6.8h
sqadd	v4.8h, v4.8h, v13.8h
sqxtn2	v5.16b, v4.8h
smax	v4.16b, v5.16b, v14.16b
smin	v4.16b, v4.16b, v15.16b
str	q4, [x13]
cmp	x23, #5
ldp	q4, q7, [x29, #-160]
cmp	x10, #15
ldp	q6, q5, [x29, #-192]
ldr	x13, [sp, #24]
add	v3.4s, v4.4s, v3.4s
ldur	q4, [x29, #-224]
add	x12, x12, x13
add	v1.4s, v6.4s, v1.4s
ldp	q16, q6, [sp, #208]
add	v2.4s, v4.4s, v2.4s
ext	v4.16b, v3.16b, v3.16b, #8
sqdmull	v3.2d, v3.2s, v5.2s
ldur	q5, [x29, #-112]
sqdmull	v6.2d, v1.2s, v6.2s
ext	v1.16b, v1.16b, v1.16b, #8
sqdmull	v5.2d, v2.2s, v5.2s
ext	v2.16b, v2.16b, v2.16b, #8
sqdmull	v4.2d, v4.2s, v7.2s
ldur	q7, [x29, #-96]
ssra	v3.2d, v3.2d, #63
ssra	v6.2d, v6.2d, #63
sqdmull	v1.2d, v1.2s, v23.2s
ssra	v5.2d, v5.2d, #63
add	v0.4s, v7.4s, v0.4s
ldur	q7, [x29, #-208]
sqdmull	v2.2d, v2.2s, v26.2s
ssra	v4.2d, v4.2d, #63
srshl	v3.2d, v3.2d, v7.2d
ldr	q7, [sp, #160]
srshl	v5.2d, v5.2d, v16.2d
ldur	q16, [x29, #-240]
ssra	v1.2d, v1.2d, #63
sqdmull	v7.2d, v0.2s, v7.2s
ext	v0.16b, v0.16b, v0.16b, #8
srshl	v4.2d, v4.2d, v16.2d
ldr	q16, [sp, #240]
sqxtn	v3.2s, v3.2d
ssra	v2.2d, v2.2d, #63
sqxtn	v5.2s, v5.2d
srshl	v6.2d, v6.2d, v16.2d
ssra	v7.2d, v7.2d, #63
sqdmull	v0.2d, v0.2s, v20.2s
sqxtn2	v3.4s, v4.2d
srshl	v2.2d, v2.2d, v24.2d
sqxtn	v4.2s, v6.2d
ldr	q6, [sp, #192]
srshl	v1.2d, v1.2d, v6.2d
ldr	q6, [sp, #176]
ssra	v0.2d, v0.2d, #63
sqxtn2	v5.4s, v2.2d
sqxtn	v2.4h, v3.4s
srshl	v6.2d, v7.2d, v6.2d
sqxtn2	v4.4s, v1.2d
srshl	v0.2d, v0.2d, v11.2d
sqxtn	v1.2s, v6.2d
sqxtn2	v2.8h, v5.4s
sqxtn2	v1.4s, v0.2d
sqxtn	v0.4h, v4.4s
sqadd	v2.8h, v2.8h, v12.8h
sqxtn2	v0.8h, v1.4s
sqxtn	v1.8b, v2.8h
sqadd	v0.8h, v0.8h, v13.8h
sqxtn2	v1.16b, v0.8h
smax	v0.16b, v1.16b, v14.16b
smin	v0.16b, v0.16b, v15.16b
str	q0, [x12]
