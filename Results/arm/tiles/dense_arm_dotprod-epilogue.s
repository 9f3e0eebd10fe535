// requantization and stores of one tile (80 outputs) of dense_arm_dotprod, traced by scripts/model-arm
mov	w11, #16
mov	w12, #32
lsl	x10, x9, #6
mov	w13, #48
bfi	x11, x9, #6, #58
bfi	x12, x9, #6, #58
bfi	x13, x9, #6, #58
ldr	q10, [x26, x10]
ldr	q26, [x5, x10]
ldr	q11, [x26, x11]
ldr	q18, [x5, x11]
ldr	q12, [x26, x12]
ldr	q27, [x5, x12]
ldr	q13, [x26, x13]
add	v25.4s, v10.4s, v25.4s
stp	q11, q10, [x29, #-176]
add	v23.4s, v11.4s, v23.4s
add	v10.4s, v12.4s, v22.4s
mvn	v11.16b, v18.16b
ldr	q15, [x4, x10]
mvn	v26.16b, v26.16b
add	v21.4s, v13.4s, v21.4s
mvn	v29.16b, v27.16b
ldr	q14, [x4, x11]
ldr	q22, [x4, x12]
ldr	q18, [x4, x13]
mov	v27.16b, v15.16b
stp	q10, q11, [x29, #-112]
ldr	q28, [x5, x13]
stp	q13, q12, [x29, #-208]
sqdmull	v13.2d, v23.2s, v14.2s
sqdmull	v15.2d, v21.2s, v18.2s
stp	q23, q29, [x29, #-144]
sqdmull	v23.2d, v10.2s, v22.2s
sshll	v10.2d, v26.2s, #0
str	q18, [sp, #320]
sqdmull2	v21.2d, v21.4s, v18.4s
sshll2	v18.2d, v26.4s, #0
ldur	q26, [x29, #-96]
mvn	v20.16b, v28.16b
sqdmull	v12.2d, v25.2s, v27.2s
sshll	v28.2d, v11.2s, #0
sshll	v11.2d, v29.2s, #0
ldur	q29, [x29, #-144]
sshll2	v26.2d, v26.4s, #0
stp	q27, q14, [x29, #-240]
sqdmull2	v25.2d, v25.4s, v27.4s
sqdmull2	v14.2d, v29.4s, v14.4s
ldur	q29, [x29, #-112]
sshll	v27.2d, v20.2s, #0
ssra	v12.2d, v12.2d, #63
ssra	v13.2d, v13.2d, #63
ssra	v23.2d, v23.2d, #63
stp	q28, q26, [x29, #-112]
ldur	q26, [x29, #-128]
ssra	v15.2d, v15.2d, #63
str	q22, [sp, #336]
sqdmull2	v22.2d, v29.4s, v22.4s
sshll2	v20.2d, v20.4s, #0
sshll2	v29.2d, v26.4s, #0
stp	q11, q10, [x29, #-144]
srshl	v10.2d, v12.2d, v10.2d
srshl	v12.2d, v13.2d, v28.2d
srshl	v28.2d, v23.2d, v11.2d
ssra	v25.2d, v25.2d, #63
ssra	v14.2d, v14.2d, #63
ssra	v21.2d, v21.2d, #63
stur	q27, [x29, #-256]
mov	v11.16b, v29.16b
srshl	v29.2d, v15.2d, v27.2d
ssra	v22.2d, v22.2d, #63
sqxtn	v26.2s, v10.2d
ldur	q10, [x29, #-96]
sqxtn	v27.2s, v12.2d
sqxtn	v28.2s, v28.2d
srshl	v25.2d, v25.2d, v18.2d
srshl	v21.2d, v21.2d, v20.2d
sqxtn	v29.2s, v29.2d
srshl	v23.2d, v14.2d, v10.2d
srshl	v22.2d, v22.2d, v11.2d
str	q18, [sp, #352]
ldr	q18, [x24, x10]
sqxtn2	v26.4s, v25.2d
str	q20, [sp, #368]
ldr	q20, [x24, x11]
sqxtn2	v27.4s, v23.2d
sqxtn2	v28.4s, v22.2d
ldr	q22, [x24, x13]
sqxtn2	v29.4s, v21.2d
ldr	q21, [x24, x12]
ldr	q23, [x7, x12]
ldr	q25, [x7, x13]
str	q11, [sp, #224]
sqadd	v26.4s, v26.4s, v18.4s
stp	q21, q20, [sp, #288]
sqadd	v27.4s, v27.4s, v20.4s
sqadd	v28.4s, v28.4s, v21.4s
ldr	q20, [x7, x10]
sqadd	v29.4s, v29.4s, v22.4s
ldr	q21, [x7, x11]
stp	q20, q22, [sp, #256]
smax	v12.4s, v26.4s, v20.4s
ldr	q26, [x1, x10]
str	q21, [sp, #240]
smax	v13.4s, v27.4s, v21.4s
smax	v14.4s, v28.4s, v23.4s
ldr	q27, [x1, x11]
smax	v15.4s, v29.4s, v25.4s
ldr	q28, [x1, x12]
ldr	q29, [x1, x13]
lsl	x11, x9, #4
smin	v12.4s, v12.4s, v26.4s
smin	v13.4s, v13.4s, v27.4s
smin	v21.4s, v14.4s, v28.4s
sub	x10, x2, x11
smin	v22.4s, v15.4s, v29.4s
cmp	x10, #15
add	x12, x8, x11
xtn	v15.4h, v12.4s
xtn	v14.4h, v13.4s
xtn	v13.4h, v21.4s
xtn	v12.4h, v22.4s
mov	v13.d[1], v12.d[0]
mov	v15.d[1], v14.d[0]
uzp1	v21.16b, v15.16b, v13.16b
str	q21, [x12]
cmp	x23, #1
ldur	q21, [x29, #-160]
mov	v14.16b, v18.16b
ldur	q20, [x29, #-240]
stp	q28, q29, [sp, #192]
mov	v29.16b, v27.16b
mov	v28.16b, v26.16b
add	v9.4s, v21.4s, v9.4s
ldp	q22, q21, [x29, #-192]
mov	v27.16b, v25.16b
mov	v26.16b, v23.16b
ext	v25.16b, v20.16b, v20.16b, #8
mov	v15.16b, v10.16b
cmp	x10, #15
add	x13, x12, x2
add	v22.4s, v22.4s, v31.4s
ldp	q18, q31, [x29, #-224]
add	v21.4s, v21.4s, v8.4s
sqdmull	v13.2d, v9.2s, v20.2s
ext	v9.16b, v9.16b, v9.16b, #8
ldr	q8, [sp, #336]
mov	v20.16b, v14.16b
ext	v23.16b, v18.16b, v18.16b, #8
add	v12.4s, v31.4s, v30.4s
ldr	q31, [sp, #320]
sqdmull	v14.2d, v21.2s, v18.2s
ext	v21.16b, v21.16b, v21.16b, #8
mov	v30.16b, v15.16b
sqdmull	v9.2d, v9.2s, v25.2s
sqdmull	v15.2d, v22.2s, v8.2s
ext	v11.16b, v8.16b, v8.16b, #8
ext	v10.16b, v31.16b, v31.16b, #8
ext	v22.16b, v22.16b, v22.16b, #8
sqdmull	v31.2d, v12.2s, v31.2s
stp	q23, q25, [sp, #160]
mov	v25.16b, v26.16b
mov	v26.16b, v27.16b
mov	v27.16b, v28.16b
mov	v28.16b, v29.16b
ssra	v13.2d, v13.2d, #63
ldp	q29, q18, [sp, #192]
sqdmull	v21.2d, v21.2s, v23.2s
ext	v12.16b, v12.16b, v12.16b, #8
ssra	v14.2d, v14.2d, #63
ssra	v15.2d, v15.2d, #63
sqdmull	v22.2d, v22.2s, v11.2s
ssra	v31.2d, v31.2d, #63
ssra	v9.2d, v9.2d, #63
mov	v23.16b, v18.16b
ldp	q18, q8, [x29, #-128]
ssra	v21.2d, v21.2d, #63
sqdmull	v12.2d, v12.2s, v10.2s
srshl	v13.2d, v13.2d, v18.2d
ldur	q18, [x29, #-144]
srshl	v14.2d, v14.2d, v8.2d
ssra	v22.2d, v22.2d, #63
srshl	v21.2d, v21.2d, v30.2d
srshl	v15.2d, v15.2d, v18.2d
ldur	q18, [x29, #-256]
sqxtn	v14.2s, v14.2d
ssra	v12.2d, v12.2d, #63
sqxtn	v13.2s, v13.2d
srshl	v31.2d, v31.2d, v18.2d
ldr	q18, [sp, #352]
sqxtn	v15.2s, v15.2d
srshl	v9.2d, v9.2d, v18.2d
ldr	q18, [sp, #224]
sqxtn	v31.2s, v31.2d
sqxtn2	v14.4s, v21.2d
srshl	v22.2d, v22.2d, v18.2d
ldr	q18, [sp, #368]
sqxtn2	v13.4s, v9.2d
srshl	v12.2d, v12.2d, v18.2d
ldr	q18, [sp, #304]
sqxtn2	v15.4s, v22.2d
sqadd	v22.4s, v14.4s, v18.4s
ldr	q18, [sp, #288]
sqxtn2	v31.4s, v12.2d
sqadd	v21.4s, v13.4s, v20.4s
sqadd	v9.4s, v15.4s, v18.4s
ldr	q18, [sp, #272]
sqadd	v31.4s, v31.4s, v18.4s
ldr	q18, [sp, #256]
smax	v21.4s, v21.4s, v18.4s
ldr	q18, [sp, #240]
smax	v9.4s, v9.4s, v25.4s
smax	v22.4s, v22.4s, v18.4s
smax	v31.4s, v31.4s, v26.4s
smin	v21.4s, v21.4s, v27.4s
smin	v9.4s, v9.4s, v29.4s
smin	v22.4s, v22.4s, v28.4s
smin	v31.4s, v31.4s, v23.4s
xtn	v14.4h, v21.4s
xtn	v12.4h, v9.4s
xtn	v13.4h, v22.4s
xtn	v9.4h, v31.4s
mov	v12.d[1], v9.d[0]
mov	v14.d[1], v13.d[0]
uzp1	v21.16b, v14.16b, v12.16b
str	q21, [x13]
cmp	x23, #3
ldp	q22, q21, [x29, #-176]
cmp	x10, #15
add	x13, x12, x21
add	v19.4s, v22.4s, v19.4s
ldp	q22, q18, [x29, #-208]
add	v21.4s, v21.4s, v24.4s
add	v17.4s, v18.4s, v17.4s
ldp	q24, q18, [x29, #-240]
add	v16.4s, v22.4s, v16.4s
sqdmull	v22.2d, v21.2s, v24.2s
sqdmull	v24.2d, v19.2s, v18.2s
ldr	q18, [sp, #336]
ext	v21.16b, v21.16b, v21.16b, #8
ext	v19.16b, v19.16b, v19.16b, #8
sqdmull	v31.2d, v17.2s, v18.2s
ldr	q18, [sp, #320]
ext	v17.16b, v17.16b, v17.16b, #8
sqdmull	v9.2d, v16.2s, v18.2s
ldr	q18, [sp, #176]
ssra	v22.2d, v22.2d, #63
ext	v16.16b, v16.16b, v16.16b, #8
ssra	v24.2d, v24.2d, #63
sqdmull	v21.2d, v21.2s, v18.2s
ldr	q18, [sp, #160]
ssra	v31.2d, v31.2d, #63
sqdmull	v17.2d, v17.2s, v11.2s
sqdmull	v19.2d, v19.2s, v18.2s
ldp	q18, q8, [x29, #-128]
ssra	v9.2d, v9.2d, #63
sqdmull	v16.2d, v16.2s, v10.2s
ssra	v21.2d, v21.2d, #63
srshl	v22.2d, v22.2d, v18.2d
ldur	q18, [x29, #-144]
ssra	v17.2d, v17.2d, #63
srshl	v24.2d, v24.2d, v8.2d
ssra	v19.2d, v19.2d, #63
srshl	v31.2d, v31.2d, v18.2d
ldur	q18, [x29, #-256]
ssra	v16.2d, v16.2d, #63
sqxtn	v22.2s, v22.2d
srshl	v9.2d, v9.2d, v18.2d
ldr	q18, [sp, #352]
sqxtn	v24.2s, v24.2d
sqxtn	v31.2s, v31.2d
srshl	v19.2d, v19.2d, v30.2d
srshl	v21.2d, v21.2d, v18.2d
ldr	q18, [sp, #224]
sqxtn	v9.2s, v9.2d
srshl	v17.2d, v17.2d, v18.2d
ldr	q18, [sp, #368]
sqxtn2	v24.4s, v19.2d
sqxtn2	v22.4s, v21.2d
srshl	v16.2d, v16.2d, v18.2d
sqxtn2	v31.4s, v17.2d
ldp	q18, q17, [sp, #288]
sqxtn2	v9.4s, v16.2d
sqadd	v16.4s, v22.4s, v20.4s
sqadd	v17.4s, v24.4s, v17.4s
sqadd	v19.4s, v31.4s, v18.4s
ldp	q18, q22, [sp, #256]
sqadd	v21.4s, v9.4s, v22.4s
smax	v16.4s, v16.4s, v18.4s
ldr	q18, [sp, #240]
smax	v19.4s, v19.4s, v25.4s
smax	v17.4s, v17.4s, v18.4s
smax	v21.4s, v21.4s, v26.4s
smin	v16.4s, v16.4s, v27.4s
smin	v22.4s, v19.4s, v29.4s
smin	v17.4s, v17.4s, v28.4s
smin	v21.4s, v21.4s, v23.4s
xtn	v24.4h, v16.4s
xtn	v19.4h, v17.4s
xtn	v17.4h, v22.4s
xtn	v16.4h, v21.4s
mov	v17.d[1], v16.d[0]
mov	v24.d[1], v19.d[0]
uzp1	v16.16b, v24.16b, v17.16b
str	q16, [x13]
cmp	x23, #4
ldp	q16, q17, [x29, #-176]
cmp	x10, #15
ldp	q18, q21, [sp, #320]
ldr	x13, [sp, #128]
add	v7.4s, v17.4s, v7.4s
add	v6.4s, v16.4s, v6.4s
add	x13, x12, x13
ldp	q16, q17, [x29, #-208]
add	v5.4s, v17.4s, v5.4s
add	v4.4s, v16.4s, v4.4s
ldp	q16, q17, [x29, #-240]
sqdmull	v19.2d, v5.2s, v21.2s
sqdmull	v21.2d, v4.2s, v18.2s
ext	v5.16b, v5.16b, v5.16b, #8
sqdmull	v16.2d, v7.2s, v16.2s
ext	v7.16b, v7.16b, v7.16b, #8
sqdmull	v17.2d, v6.2s, v17.2s
ext	v6.16b, v6.16b, v6.16b, #8
ldp	q18, q22, [sp, #160]
ext	v4.16b, v4.16b, v4.16b, #8
ssra	v19.2d, v19.2d, #63
sqdmull	v5.2d, v5.2s, v11.2s
ssra	v21.2d, v21.2d, #63
ssra	v16.2d, v16.2d, #63
sqdmull	v7.2d, v7.2s, v22.2s
ssra	v17.2d, v17.2d, #63
sqdmull	v6.2d, v6.2s, v18.2s
ldp	q18, q22, [x29, #-128]
sqdmull	v4.2d, v4.2s, v10.2s
ssra	v5.2d, v5.2d, #63
srshl	v16.2d, v16.2d, v18.2d
ldur	q18, [x29, #-144]
ssra	v7.2d, v7.2d, #63
srshl	v17.2d, v17.2d, v22.2d
ssra	v6.2d, v6.2d, #63
srshl	v19.2d, v19.2d, v18.2d
ldur	q18, [x29, #-256]
ssra	v4.2d, v4.2d, #63
sqxtn	v16.2s, v16.2d
srshl	v21.2d, v21.2d, v18.2d
ldr	q18, [sp, #352]
sqxtn	v17.2s, v17.2d
sqxtn	v19.2s, v19.2d
srshl	v6.2d, v6.2d, v30.2d
srshl	v7.2d, v7.2d, v18.2d
ldr	q18, [sp, #224]
sqxtn	v21.2s, v21.2d
srshl	v5.2d, v5.2d, v18.2d
ldr	q18, [sp, #368]
sqxtn2	v17.4s, v6.2d
sqxtn2	v16.4s, v7.2d
srshl	v4.2d, v4.2d, v18.2d
sqxtn2	v19.4s, v5.2d
ldp	q6, q5, [sp, #288]
sqxtn2	v21.4s, v4.2d
sqadd	v4.4s, v16.4s, v20.4s
ldp	q16, q7, [sp, #256]
sqadd	v5.4s, v17.4s, v5.4s
sqadd	v6.4s, v19.4s, v6.4s
sqadd	v7.4s, v21.4s, v7.4s
smax	v4.4s, v4.4s, v16.4s
ldr	q16, [sp, #240]
smax	v5.4s, v5.4s, v16.4s
smax	v6.4s, v6.4s, v25.4s
smax	v7.4s, v7.4s, v26.4s
smin	v4.4s, v4.4s, v27.4s
smin	v5.4s, v5.4s, v28.4s
smin	v16.4s, v6.4s, v29.4s
smin	v17.4s, v7.4s, v23.4s
xtn	v7.4h, v4.4s
xtn	v6.4h, v5.4s
xtn	v5.4h, v16.4s
xtn	v4.4h, v17.4s
mov	v5.d[1], v4.d[0]
mov	v7.d[1], v6.d[0]
uzp1	v4.16b, v7.16b, v5.16b
str	q4, [x13]
cmp	x23, #5
ldp	q4, q5, [x29, #-176]
cmp	x10, #15
ldp	q7, q6, [sp, #320]
ldr	x13, [sp, #24]
ldp	q16, q17, [sp, #160]
add	v2.4s, v4.4s, v2.4s
ldur	q4, [x29, #-192]
add	v3.4s, v5.4s, v3.4s
add	x12, x12, x13
add	v4.4s, v4.4s, v1.4s
ldp	q5, q1, [x29, #-224]
add	v1.4s, v1.4s, v0.4s
ldur	q0, [x29, #-240]
sqdmull	v5.2d, v2.2s, v5.2s
ext	v2.16b, v2.16b, v2.16b, #8
sqdmull	v6.2d, v4.2s, v6.2s
ext	v4.16b, v4.16b, v4.16b, #8
sqdmull	v0.2d, v3.2s, v0.2s
ext	v3.16b, v3.16b, v3.16b, #8
sqdmull	v7.2d, v1.2s, v7.2s
ext	v1.16b, v1.16b, v1.16b, #8
ssra	v5.2d, v5.2d, #63
sqdmull	v2.2d, v2.2s, v16.2s
ldp	q18, q16, [x29, #-128]
sqdmull	v3.2d, v3.2s, v17.2s
ssra	v6.2d, v6.2d, #63
ssra	v0.2d, v0.2d, #63
sqdmull	v4.2d, v4.2s, v11.2s
ssra	v7.2d, v7.2d, #63
sqdmull	v1.2d, v1.2s, v10.2s
srshl	v5.2d, v5.2d, v16.2d
ldur	q16, [x29, #-144]
srshl	v0.2d, v0.2d, v18.2d
ssra	v2.2d, v2.2d, #63
srshl	v6.2d, v6.2d, v16.2d
ldur	q16, [x29, #-256]
ssra	v3.2d, v3.2d, #63
ssra	v4.2d, v4.2d, #63
ssra	v1.2d, v1.2d, #63
sqxtn	v5.2s, v5.2d
srshl	v7.2d, v7.2d, v16.2d
ldr	q16, [sp, #352]
sqxtn	v0.2s, v0.2d
sqxtn	v6.2s, v6.2d
srshl	v2.2d, v2.2d, v30.2d
srshl	v3.2d, v3.2d, v16.2d
ldr	q16, [sp, #224]
sqxtn	v7.2s, v7.2d
srshl	v4.2d, v4.2d, v16.2d
ldr	q16, [sp, #368]
sqxtn2	v5.4s, v2.2d
sqxtn2	v0.4s, v3.2d
srshl	v1.2d, v1.2d, v16.2d
sqxtn2	v6.4s, v4.2d
ldp	q4, q3, [sp, #256]
sqxtn2	v7.4s, v1.2d
ldp	q2, q1, [sp, #288]
sqadd	v0.4s, v0.4s, v20.4s
sqadd	v1.4s, v5.4s, v1.4s
sqadd	v2.4s, v6.4s, v2.4s
sqadd	v3.4s, v7.4s, v3.4s
smax	v0.4s, v0.4s, v4.4s
ldr	q4, [sp, #240]
smax	v1.4s, v1.4s, v4.4s
smax	v2.4s, v2.4s, v25.4s
smax	v3.4s, v3.4s, v26.4s
smin	v0.4s, v0.4s, v27.4s
smin	v1.4s, v1.4s, v28.4s
smin	v4.4s, v2.4s, v29.4s
smin	v5.4s, v3.4s, v23.4s
xtn	v3.4h, v0.4s
xtn	v2.4h, v1.4s
xtn	v1.4h, v4.4s
xtn	v0.4h, v5.4s
mov	v1.d[1], v0.d[0]
mov	v3.d[1], v2.d[0]
uzp1	v0.16b, v3.16b, v1.16b
str	q0, [x12]
