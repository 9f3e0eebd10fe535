// hot loop of attention_arm_neon (scalar logit), extracted from swiftc -S by scripts/model-arm
ldrsb	w15, [x12], #1
subs	w15, w9, w15
b.vs	.LBB0_97
ldr	q5, [x14]
ldr	s17, [x0, w15, sxtw #2]
subs	x13, x13, #1
add	x14, x14, x5
sshll	v6.8h, v5.8b, #0
sshll2	v5.8h, v5.16b, #0
sshll	v7.4s, v6.4h, #0
sshll2	v6.4s, v6.8h, #0
sshll	v16.4s, v5.4h, #0
sshll2	v5.4s, v5.8h, #0
sub	v7.4s, v7.4s, v0.4s
sub	v6.4s, v6.4s, v0.4s
sub	v16.4s, v16.4s, v0.4s
sub	v5.4s, v5.4s, v0.4s
scvtf	v7.4s, v7.4s
scvtf	v6.4s, v6.4s
scvtf	v16.4s, v16.4s
scvtf	v5.4s, v5.4s
fmul	v7.4s, v7.4s, v17.s[0]
fmul	v6.4s, v6.4s, v17.s[0]
fmul	v16.4s, v16.4s, v17.s[0]
fmul	v5.4s, v5.4s, v17.s[0]
fadd	v4.4s, v4.4s, v7.4s
fadd	v3.4s, v3.4s, v6.4s
fadd	v2.4s, v2.4s, v16.4s
fadd	v1.4s, v1.4s, v5.4s
b.ne	.LBB0_85
b	.LBB0_82
