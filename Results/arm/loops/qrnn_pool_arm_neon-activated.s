// hot loop of qrnn_pool_arm_neon (activated), extracted from swiftc -S by scripts/model-arm
ldr	d1, [x10, x9]
ldr	d2, [x8, x9]
add	x13, x9, #16
ldr	d5, [x11, x9]
ldp	q17, q18, [x12, #-16]
sshll	v1.8h, v1.8b, #0
sshll	v2.8h, v2.8b, #0
cmp	x23, x13
sshll	v5.8h, v5.8b, #0
sshll	v3.4s, v1.4h, #0
sshll2	v1.4s, v1.8h, #0
sshll	v4.4s, v2.4h, #0
sshll2	v2.4s, v2.8h, #0
sshll	v6.4s, v5.4h, #0
sshll2	v5.4s, v5.8h, #0
sub	v3.4s, v3.4s, v23.4s
sub	v1.4s, v1.4s, v23.4s
sub	v4.4s, v4.4s, v22.4s
sub	v2.4s, v2.4s, v22.4s
sub	v6.4s, v6.4s, v24.4s
sub	v5.4s, v5.4s, v24.4s
scvtf	v3.4s, v3.4s
scvtf	v1.4s, v1.4s
scvtf	v4.4s, v4.4s
scvtf	v2.4s, v2.4s
scvtf	v6.4s, v6.4s
scvtf	v5.4s, v5.4s
fmul	v3.4s, v3.4s, v20.s[1]
fmul	v1.4s, v1.4s, v20.s[1]
fmul	v4.4s, v4.4s, v20.s[0]
fmul	v2.4s, v2.4s, v20.s[0]
fmul	v6.4s, v6.4s, v20.s[2]
fmul	v5.4s, v5.4s, v20.s[2]
fmin	v3.4s, v3.4s, v25.4s
fmin	v1.4s, v1.4s, v25.4s
fmin	v4.4s, v4.4s, v25.4s
fmin	v2.4s, v2.4s, v25.4s
fmin	v6.4s, v6.4s, v25.4s
fmin	v5.4s, v5.4s, v25.4s
fmax	v3.4s, v3.4s, v30.4s
fmax	v1.4s, v1.4s, v30.4s
fmax	v4.4s, v4.4s, v0.4s
fmax	v2.4s, v2.4s, v0.4s
fmax	v6.4s, v6.4s, v30.4s
fsub	v7.4s, v25.4s, v3.4s
fsub	v16.4s, v25.4s, v1.4s
fmul	v3.4s, v3.4s, v17.4s
fmul	v1.4s, v1.4s, v18.4s
fmul	v4.4s, v4.4s, v7.4s
fmul	v2.4s, v2.4s, v16.4s
fadd	v3.4s, v4.4s, v3.4s
fmax	v4.4s, v5.4s, v30.4s
fadd	v1.4s, v2.4s, v1.4s
fmul	v2.4s, v6.4s, v3.4s
fmul	v4.4s, v4.4s, v1.4s
stp	q3, q1, [x12, #-16]
add	x12, x12, #32
fmul	v2.4s, v2.4s, v19.s[0]
fmul	v4.4s, v4.4s, v19.s[0]
fmin	v2.4s, v2.4s, v26.4s
fmin	v4.4s, v4.4s, v26.4s
fmax	v2.4s, v2.4s, v27.4s
fmax	v4.4s, v4.4s, v27.4s
fcvtas	v2.4s, v2.4s
fcvtas	v4.4s, v4.4s
add	v2.4s, v2.4s, v21.4s
add	v4.4s, v4.4s, v21.4s
smax	v2.4s, v2.4s, v28.4s
smax	v4.4s, v4.4s, v28.4s
smin	v5.4s, v2.4s, v29.4s
smin	v6.4s, v4.4s, v29.4s
tbl	v2.16b, { v5.16b, v6.16b }, v31.16b
str	d2, [x0, x9]
add	x9, x9, #8
b.ge	.LBB0_14
