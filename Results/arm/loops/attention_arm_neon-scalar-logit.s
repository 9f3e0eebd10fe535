// hot loop of attention_arm_neon (scalar logit), extracted from swiftc -S by scripts/model-arm
ldr	q7, [x14]
ldrsb	w15, [x12], #1
subs	x13, x13, #1
add	x14, x14, x5
sshll	v16.8h, v7.8b, #0
sshll2	v7.8h, v7.16b, #0
sub	w15, w9, w15
ldr	s19, [x0, w15, sxtw #2]
saddw	v17.4s, v1.4s, v16.4h
saddw2	v16.4s, v1.4s, v16.8h
saddw	v18.4s, v1.4s, v7.4h
saddw2	v7.4s, v1.4s, v7.8h
fadd	v17.4s, v17.4s, v2.4s
fadd	v16.4s, v16.4s, v2.4s
fadd	v18.4s, v18.4s, v2.4s
fadd	v7.4s, v7.4s, v2.4s
fmul	v17.4s, v17.4s, v19.s[0]
fmul	v16.4s, v16.4s, v19.s[0]
fmul	v18.4s, v18.4s, v19.s[0]
fmul	v7.4s, v7.4s, v19.s[0]
fadd	v6.4s, v6.4s, v17.4s
fadd	v5.4s, v5.4s, v16.4s
fadd	v4.4s, v4.4s, v18.4s
fadd	v3.4s, v3.4s, v7.4s
b.ne	.LBB0_84
b	.LBB0_81
