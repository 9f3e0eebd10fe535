// requantization and stores of one tile (64 outputs) of dense_arm_i8mm, traced by scripts/model-arm
mov	w11, #16
mov	v20.16b, v30.16b
mov	v0.16b, v27.16b
bfi	x11, x9, #6, #58
mov	v31.16b, v25.16b
mov	v29.16b, v23.16b
lsl	x10, x9, #6
mov	w12, #32
mov	w13, #48
ldr	q19, [x23, x11]
mov	v20.d[1], v28.d[0]
bfi	x12, x9, #6, #58
ldr	q8, [x3, x10]
ldr	q16, [x23, x10]
mov	v0.d[1], v26.d[0]
mvn	v19.16b, v19.16b
mov	v31.d[1], v24.d[0]
bfi	x13, x9, #6, #58
mov	v29.d[1], v22.d[0]
mvn	v18.16b, v16.16b
ldr	q16, [x3, x11]
ldr	q9, [x25, x11]
ldr	q17, [x3, x12]
stur	q8, [x29, #-208]
stur	q19, [x29, #-144]
ldr	q19, [x3, x13]
add	v10.4s, v20.4s, v8.4s
ldr	q8, [x23, x12]
add	v14.4s, v16.4s, v0.4s
add	v15.4s, v17.4s, v31.4s
str	q19, [sp, #320]
add	v19.4s, v19.4s, v29.4s
mov	v0.16b, v9.16b
mvn	v8.16b, v8.16b
ldr	q21, [x25, x12]
ldr	q31, [x25, x13]
stp	q17, q16, [sp, #352]
mov	v9.16b, v14.16b
ldr	q12, [x25, x10]
stur	q15, [x29, #-192]
sqdmull	v17.2d, v14.2s, v0.2s
sqdmull	v14.2d, v15.2s, v21.2s
stp	q8, q19, [x29, #-176]
sqdmull	v15.2d, v19.2s, v31.2s
mov	v19.16b, v18.16b
ldur	q18, [x29, #-144]
sqdmull	v16.2d, v10.2s, v12.2s
stp	q12, q0, [x29, #-240]
sqdmull2	v9.2d, v9.4s, v0.4s
ldur	q0, [x29, #-192]
ldr	q11, [x23, x13]
sshll	v20.2d, v18.2s, #0
str	q21, [sp, #336]
ssra	v17.2d, v17.2d, #63
mvn	v29.16b, v11.16b
sshll	v11.2d, v19.2s, #0
ssra	v14.2d, v14.2d, #63
ssra	v16.2d, v16.2d, #63
ssra	v15.2d, v15.2d, #63
str	q31, [sp, #304]
stur	q20, [x29, #-96]
sshll	v20.2d, v8.2s, #0
ssra	v9.2d, v9.2d, #63
sshll	v8.2d, v29.2s, #0
stur	q20, [x29, #-112]
sqdmull2	v20.2d, v10.4s, v12.4s
sqdmull2	v10.2d, v0.4s, v21.4s
ldur	q0, [x29, #-160]
sshll2	v12.2d, v18.4s, #0
sqdmull2	v21.2d, v0.4s, v31.4s
ldur	q0, [x29, #-176]
sshll2	v31.2d, v19.4s, #0
ssra	v20.2d, v20.2d, #63
ssra	v10.2d, v10.2d, #63
srshl	v9.2d, v9.2d, v12.2d
sshll2	v18.2d, v0.4s, #0
sshll2	v0.2d, v29.4s, #0
srshl	v29.2d, v16.2d, v11.2d
ldur	q16, [x29, #-96]
stur	q12, [x29, #-256]
ssra	v21.2d, v21.2d, #63
srshl	v20.2d, v20.2d, v31.2d
srshl	v19.2d, v17.2d, v16.2d
ldur	q16, [x29, #-112]
stp	q0, q8, [x29, #-192]
stp	q18, q11, [x29, #-160]
srshl	v11.2d, v15.2d, v8.2d
sqxtn	v17.2s, v29.2d
srshl	v16.2d, v14.2d, v16.2d
srshl	v10.2d, v10.2d, v18.2d
srshl	v21.2d, v21.2d, v0.2d
sqxtn	v19.2s, v19.2d
ldr	q0, [x22, x10]
ldr	q18, [x22, x12]
sqxtn	v11.2s, v11.2d
ldr	q15, [x21, x13]
mov	v14.16b, v31.16b
sqxtn	v8.2s, v16.2d
sqxtn2	v17.4s, v20.2d
ldr	q16, [x22, x11]
sqxtn2	v19.4s, v9.2d
stp	q18, q16, [sp, #272]
sqxtn2	v11.4s, v21.2d
ldr	q21, [x22, x13]
sqxtn2	v8.4s, v10.2d
sqadd	v17.4s, v17.4s, v0.4s
ldr	q10, [x21, x12]
str	q21, [sp, #256]
sqadd	v19.4s, v19.4s, v16.4s
ldr	q16, [x21, x10]
str	q10, [sp, #208]
sqadd	v21.4s, v11.4s, v21.4s
sqadd	v20.4s, v8.4s, v18.4s
ldr	q18, [x21, x11]
smax	v8.4s, v17.4s, v16.4s
ldr	q17, [x17, x10]
smax	v9.4s, v19.4s, v18.4s
ldr	q19, [x17, x11]
stp	q18, q16, [sp, #224]
smax	v11.4s, v21.4s, v15.4s
ldr	q21, [x17, x13]
lsl	x11, x9, #4
smax	v10.4s, v20.4s, v10.4s
ldr	q20, [x17, x12]
smin	v8.4s, v8.4s, v17.4s
sub	x10, x24, x11
add	x12, x8, x11
smin	v9.4s, v9.4s, v19.4s
cmp	x10, #15
smin	v16.4s, v11.4s, v21.4s
smin	v12.4s, v10.4s, v20.4s
xtn	v11.4h, v8.4s
xtn	v10.4h, v9.4s
xtn	v8.4h, v16.4s
xtn	v9.4h, v12.4s
mov	v9.d[1], v8.d[0]
mov	v11.d[1], v10.d[0]
uzp1	v8.16b, v11.16b, v9.16b
str	q8, [x12]
cmp	x5, #1
zip2	v28.2d, v30.2d, v28.2d
zip2	v26.2d, v27.2d, v26.2d
ldur	q18, [x29, #-240]
zip2	v24.2d, v25.2d, v24.2d
ldp	q16, q27, [sp, #352]
zip2	v22.2d, v23.2d, v22.2d
ldur	q23, [x29, #-208]
mov	v8.16b, v0.16b
ldr	q0, [sp, #304]
ext	v9.16b, v18.16b, v18.16b, #8
cmp	x10, #15
add	v23.4s, v28.4s, v23.4s
add	v25.4s, v27.4s, v26.4s
add	x13, x12, x24
ldp	q26, q28, [sp, #320]
add	v24.4s, v16.4s, v24.4s
ldur	q16, [x29, #-224]
ext	v12.16b, v0.16b, v0.16b, #8
mov	v31.16b, v8.16b
ldur	q8, [x29, #-144]
add	v22.4s, v26.4s, v22.4s
ext	v11.16b, v16.16b, v16.16b, #8
ext	v10.16b, v28.16b, v28.16b, #8
sqdmull	v27.2d, v25.2s, v16.2s
ext	v25.16b, v25.16b, v25.16b, #8
sqdmull	v28.2d, v24.2s, v28.2s
sqdmull	v26.2d, v23.2s, v18.2s
ext	v23.16b, v23.16b, v23.16b, #8
ext	v24.16b, v24.16b, v24.16b, #8
sqdmull	v30.2d, v22.2s, v0.2s
ldp	q16, q29, [x29, #-112]
ext	v22.16b, v22.16b, v22.16b, #8
sqdmull	v25.2d, v25.2s, v11.2s
ssra	v28.2d, v28.2d, #63
ssra	v27.2d, v27.2d, #63
ssra	v26.2d, v26.2d, #63
sqdmull	v23.2d, v23.2s, v9.2s
sqdmull	v24.2d, v24.2s, v10.2s
ssra	v30.2d, v30.2d, #63
srshl	v28.2d, v28.2d, v16.2d
ldur	q16, [x29, #-176]
sqdmull	v22.2d, v22.2s, v12.2s
ssra	v25.2d, v25.2d, #63
srshl	v26.2d, v26.2d, v8.2d
srshl	v27.2d, v27.2d, v29.2d
srshl	v30.2d, v30.2d, v16.2d
ldur	q16, [x29, #-256]
ssra	v23.2d, v23.2d, #63
ssra	v24.2d, v24.2d, #63
sqxtn	v28.2s, v28.2d
srshl	v25.2d, v25.2d, v16.2d
ldur	q16, [x29, #-160]
sqxtn	v26.2s, v26.2d
sqxtn	v27.2s, v27.2d
ssra	v22.2d, v22.2d, #63
srshl	v23.2d, v23.2d, v14.2d
srshl	v24.2d, v24.2d, v16.2d
ldur	q16, [x29, #-192]
sqxtn	v30.2s, v30.2d
srshl	v22.2d, v22.2d, v16.2d
sqxtn2	v26.4s, v23.2d
sqxtn2	v27.4s, v25.2d
sqxtn2	v28.4s, v24.2d
ldp	q16, q24, [sp, #272]
sqxtn2	v30.4s, v22.2d
sqadd	v22.4s, v26.4s, v31.4s
sqadd	v23.4s, v27.4s, v24.4s
sqadd	v24.4s, v28.4s, v16.4s
ldp	q16, q26, [sp, #240]
sqadd	v25.4s, v30.4s, v26.4s
smax	v22.4s, v22.4s, v16.4s
ldp	q16, q26, [sp, #208]
smax	v23.4s, v23.4s, v26.4s
smax	v24.4s, v24.4s, v16.4s
smax	v25.4s, v25.4s, v15.4s
smin	v22.4s, v22.4s, v17.4s
smin	v23.4s, v23.4s, v19.4s
smin	v26.4s, v24.4s, v20.4s
smin	v27.4s, v25.4s, v21.4s
xtn	v25.4h, v22.4s
xtn	v24.4h, v23.4s
xtn	v23.4h, v26.4s
xtn	v22.4h, v27.4s
mov	v23.d[1], v22.d[0]
mov	v25.d[1], v24.d[0]
uzp1	v22.16b, v25.16b, v23.16b
str	q22, [x13]
cmp	x5, #3
mov	v25.16b, v3.16b
mov	v24.16b, v5.16b
ldur	q26, [x29, #-208]
mov	v22.16b, v1.16b
ldp	q16, q0, [sp, #352]
mov	v23.16b, v7.16b
ldur	q8, [x29, #-144]
cmp	x10, #15
mov	v25.d[1], v2.d[0]
mov	v24.d[1], v4.d[0]
add	x13, x12, x18
mov	v22.d[1], v13.d[0]
mov	v23.d[1], v6.d[0]
add	v25.4s, v16.4s, v25.4s
ldr	q16, [sp, #320]
add	v24.4s, v0.4s, v24.4s
add	v22.4s, v16.4s, v22.4s
ldp	q0, q16, [x29, #-240]
add	v23.4s, v26.4s, v23.4s
sqdmull	v27.2d, v24.2s, v16.2s
ldr	q16, [sp, #336]
ext	v24.16b, v24.16b, v24.16b, #8
sqdmull	v26.2d, v23.2s, v0.2s
ext	v23.16b, v23.16b, v23.16b, #8
sqdmull	v28.2d, v25.2s, v16.2s
ldr	q16, [sp, #304]
ext	v25.16b, v25.16b, v25.16b, #8
sqdmull	v30.2d, v22.2s, v16.2s
sqdmull	v24.2d, v24.2s, v11.2s
ext	v22.16b, v22.16b, v22.16b, #8
ldp	q16, q18, [x29, #-112]
ssra	v26.2d, v26.2d, #63
ssra	v28.2d, v28.2d, #63
sqdmull	v23.2d, v23.2s, v9.2s
ssra	v27.2d, v27.2d, #63
sqdmull	v25.2d, v25.2s, v10.2s
ssra	v30.2d, v30.2d, #63
ssra	v24.2d, v24.2d, #63
sqdmull	v22.2d, v22.2s, v12.2s
srshl	v28.2d, v28.2d, v16.2d
ldur	q16, [x29, #-176]
srshl	v26.2d, v26.2d, v8.2d
srshl	v27.2d, v27.2d, v18.2d
ssra	v23.2d, v23.2d, #63
srshl	v30.2d, v30.2d, v16.2d
ldur	q16, [x29, #-256]
ssra	v25.2d, v25.2d, #63
sqxtn	v26.2s, v26.2d
sqxtn	v28.2s, v28.2d
ssra	v22.2d, v22.2d, #63
srshl	v24.2d, v24.2d, v16.2d
ldur	q16, [x29, #-160]
sqxtn	v27.2s, v27.2d
srshl	v23.2d, v23.2d, v14.2d
sqxtn	v30.2s, v30.2d
srshl	v25.2d, v25.2d, v16.2d
ldur	q16, [x29, #-192]
srshl	v22.2d, v22.2d, v16.2d
sqxtn2	v26.4s, v23.2d
sqxtn2	v27.4s, v24.2d
sqxtn2	v28.4s, v25.2d
ldp	q16, q18, [sp, #272]
sqxtn2	v30.4s, v22.2d
sqadd	v22.4s, v26.4s, v31.4s
sqadd	v23.4s, v27.4s, v18.4s
sqadd	v24.4s, v28.4s, v16.4s
ldp	q16, q18, [sp, #240]
sqadd	v25.4s, v30.4s, v18.4s
smax	v22.4s, v22.4s, v16.4s
ldp	q16, q18, [sp, #208]
smax	v23.4s, v23.4s, v18.4s
smax	v24.4s, v24.4s, v16.4s
smax	v25.4s, v25.4s, v15.4s
smin	v22.4s, v22.4s, v17.4s
smin	v23.4s, v23.4s, v19.4s
smin	v26.4s, v24.4s, v20.4s
smin	v27.4s, v25.4s, v21.4s
xtn	v25.4h, v22.4s
xtn	v24.4h, v23.4s
xtn	v23.4h, v26.4s
xtn	v22.4h, v27.4s
mov	v23.d[1], v22.d[0]
mov	v25.d[1], v24.d[0]
uzp1	v22.16b, v25.16b, v23.16b
str	q22, [x13]
cmp	x5, #4
zip2	v6.2d, v7.2d, v6.2d
zip2	v4.2d, v5.2d, v4.2d
ldr	q7, [sp, #304]
zip2	v0.2d, v1.2d, v13.2d
ldp	q5, q1, [x29, #-224]
zip2	v2.2d, v3.2d, v2.2d
ldur	q16, [x29, #-144]
ldr	x13, [sp, #144]
cmp	x10, #15
add	v3.4s, v1.4s, v6.4s
ldp	q1, q6, [sp, #352]
add	x12, x12, x13
add	v4.4s, v6.4s, v4.4s
add	v2.4s, v1.4s, v2.4s
ldp	q1, q6, [sp, #320]
sqdmull	v5.2d, v4.2s, v5.2s
ext	v4.16b, v4.16b, v4.16b, #8
add	v1.4s, v1.4s, v0.4s
ldur	q0, [x29, #-240]
sqdmull	v6.2d, v2.2s, v6.2s
ext	v2.16b, v2.16b, v2.16b, #8
sqdmull	v0.2d, v3.2s, v0.2s
ext	v3.16b, v3.16b, v3.16b, #8
sqdmull	v7.2d, v1.2s, v7.2s
ext	v1.16b, v1.16b, v1.16b, #8
sqdmull	v4.2d, v4.2s, v11.2s
ssra	v6.2d, v6.2d, #63
ssra	v5.2d, v5.2d, #63
sqdmull	v2.2d, v2.2s, v10.2s
ssra	v0.2d, v0.2d, #63
sqdmull	v3.2d, v3.2s, v9.2s
ssra	v7.2d, v7.2d, #63
sqdmull	v1.2d, v1.2s, v12.2s
ssra	v4.2d, v4.2d, #63
srshl	v0.2d, v0.2d, v16.2d
ldp	q16, q18, [x29, #-112]
ssra	v3.2d, v3.2d, #63
ssra	v2.2d, v2.2d, #63
ssra	v1.2d, v1.2d, #63
srshl	v6.2d, v6.2d, v16.2d
ldur	q16, [x29, #-176]
srshl	v5.2d, v5.2d, v18.2d
sqxtn	v0.2s, v0.2d
srshl	v3.2d, v3.2d, v14.2d
srshl	v7.2d, v7.2d, v16.2d
ldur	q16, [x29, #-256]
sqxtn	v5.2s, v5.2d
sqxtn	v6.2s, v6.2d
srshl	v4.2d, v4.2d, v16.2d
ldur	q16, [x29, #-160]
sqxtn	v7.2s, v7.2d
sqxtn2	v0.4s, v3.2d
srshl	v2.2d, v2.2d, v16.2d
ldur	q16, [x29, #-192]
sqxtn2	v5.4s, v4.2d
ldp	q4, q3, [sp, #240]
srshl	v1.2d, v1.2d, v16.2d
sqxtn2	v6.4s, v2.2d
sqadd	v0.4s, v0.4s, v31.4s
sqxtn2	v7.4s, v1.2d
ldp	q2, q1, [sp, #272]
smax	v0.4s, v0.4s, v4.4s
sqadd	v1.4s, v5.4s, v1.4s
sqadd	v2.4s, v6.4s, v2.4s
sqadd	v3.4s, v7.4s, v3.4s
ldp	q4, q5, [sp, #208]
smin	v0.4s, v0.4s, v17.4s
smax	v1.4s, v1.4s, v5.4s
smax	v2.4s, v2.4s, v4.4s
smax	v3.4s, v3.4s, v15.4s
smin	v1.4s, v1.4s, v19.4s
smin	v4.4s, v2.4s, v20.4s
smin	v5.4s, v3.4s, v21.4s
xtn	v3.4h, v0.4s
xtn	v2.4h, v1.4s
xtn	v1.4h, v4.4s
xtn	v0.4h, v5.4s
mov	v1.d[1], v0.d[0]
mov	v3.d[1], v2.d[0]
uzp1	v0.16b, v3.16b, v1.16b
str	q0, [x12]
