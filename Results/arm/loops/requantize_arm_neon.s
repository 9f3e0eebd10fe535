// hot loop of requantize_arm_neon, extracted from swiftc -S by scripts/model-arm
ldp	q1, q5, [x25, #-32]
add	x27, x20, #32
ldp	q2, q6, [x26, #-32]
cmp	x2, x27
ldp	q7, q3, [x21, #-32]
ldp	q17, q18, [x25], #64
smull	v4.2d, v1.2s, v2.2s
smull2	v1.2d, v1.4s, v2.4s
smull	v2.2d, v5.2s, v6.2s
neg	v16.2s, v7.2s
ext	v7.16b, v7.16b, v7.16b, #8
neg	v19.2s, v3.2s
ldp	q21, q22, [x26], #64
ldp	q23, q24, [x21], #64
sshll	v16.2d, v16.2s, #0
abs	v20.2d, v4.2d
cmlt	v4.2d, v4.2d, #0
neg	v7.2s, v7.2s
smull2	v5.2d, v5.4s, v6.4s
sshll	v6.2d, v19.2s, #0
abs	v19.2d, v2.2d
ext	v3.16b, v3.16b, v3.16b, #8
smull	v25.2d, v17.2s, v21.2s
urshl	v16.2d, v20.2d, v16.2d
abs	v20.2d, v1.2d
smull2	v17.2d, v17.4s, v21.4s
sshll	v7.2d, v7.2s, #0
neg	v21.2s, v23.2s
ext	v23.16b, v23.16b, v23.16b, #8
urshl	v6.2d, v19.2d, v6.2d
smull	v19.2d, v18.2s, v22.2s
cmlt	v2.2d, v2.2d, #0
eor	v16.16b, v16.16b, v4.16b
neg	v3.2s, v3.2s
smull2	v18.2d, v18.4s, v22.4s
urshl	v7.2d, v20.2d, v7.2d
neg	v20.2s, v24.2s
ext	v24.16b, v24.16b, v24.16b, #8
sshll	v21.2d, v21.2s, #0
neg	v23.2s, v23.2s
eor	v6.16b, v6.16b, v2.16b
sub	v4.2d, v16.2d, v4.2d
abs	v16.2d, v25.2d
abs	v22.2d, v19.2d
sshll	v20.2d, v20.2s, #0
sshll	v3.2d, v3.2s, #0
cmlt	v25.2d, v25.2d, #0
cmlt	v1.2d, v1.2d, #0
sshll	v23.2d, v23.2s, #0
cmlt	v19.2d, v19.2d, #0
urshl	v16.2d, v16.2d, v21.2d
neg	v21.2s, v24.2s
abs	v24.2d, v5.2d
urshl	v20.2d, v22.2d, v20.2d
abs	v22.2d, v17.2d
sub	v2.2d, v6.2d, v2.2d
cmlt	v5.2d, v5.2d, #0
cmlt	v17.2d, v17.2d, #0
eor	v7.16b, v7.16b, v1.16b
sshll	v6.2d, v21.2s, #0
abs	v21.2d, v18.2d
urshl	v3.2d, v24.2d, v3.2d
eor	v16.16b, v16.16b, v25.16b
urshl	v22.2d, v22.2d, v23.2d
eor	v20.16b, v20.16b, v19.16b
cmlt	v18.2d, v18.2d, #0
sqxtn	v4.2s, v4.2d
sub	v1.2d, v7.2d, v1.2d
urshl	v6.2d, v21.2d, v6.2d
eor	v3.16b, v3.16b, v5.16b
sqxtn	v2.2s, v2.2d
sub	v16.2d, v16.2d, v25.2d
eor	v21.16b, v22.16b, v17.16b
sub	v19.2d, v20.2d, v19.2d
eor	v6.16b, v6.16b, v18.16b
sub	v3.2d, v3.2d, v5.2d
sqxtn2	v4.4s, v1.2d
sqxtn	v5.2s, v16.2d
sub	v7.2d, v21.2d, v17.2d
sqxtn	v16.2s, v19.2d
sub	v1.2d, v6.2d, v18.2d
sqxtn2	v2.4s, v3.2d
ldp	q3, q6, [x22, #-32]
sqxtn2	v5.4s, v7.2d
sqxtn2	v16.4s, v1.2d
sqadd	v1.4s, v4.4s, v3.4s
sqadd	v2.4s, v2.4s, v6.4s
ldp	q3, q4, [x22], #64
sqadd	v3.4s, v5.4s, v3.4s
ldp	q5, q6, [x23, #-32]
sqadd	v4.4s, v16.4s, v4.4s
smax	v1.4s, v1.4s, v5.4s
smax	v2.4s, v2.4s, v6.4s
ldp	q5, q7, [x23], #64
smax	v3.4s, v3.4s, v5.4s
ldp	q5, q6, [x24, #-32]
smax	v4.4s, v4.4s, v7.4s
smin	v16.4s, v1.4s, v5.4s
ldp	q1, q5, [x24], #64
smin	v17.4s, v2.4s, v6.4s
smin	v18.4s, v3.4s, v1.4s
smin	v19.4s, v4.4s, v5.4s
tbl	v1.16b, { v16.16b, v17.16b, v18.16b, v19.16b }, v0.16b
str	q1, [x19, x20]
add	x20, x20, #16
b.ge	.LBB0_6
