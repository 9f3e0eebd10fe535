// hot loop of projection_arm_neon, extracted from swiftc -S by scripts/model-arm
ld1r	{ v5.2d }, [x10], #8
subs	x8, x8, #1
tbl	v6.16b, { v5.16b }, v1.16b
tbl	v5.16b, { v5.16b }, v4.16b
ushl	v6.16b, v6.16b, v2.16b
ushl	v5.16b, v5.16b, v2.16b
and	v6.16b, v6.16b, v0.16b
and	v5.16b, v5.16b, v0.16b
tbl	v6.16b, { v3.16b }, v6.16b
tbl	v5.16b, { v3.16b }, v5.16b
stp	q6, q5, [x9, #-16]
add	x9, x9, #32
b.ne	.LBB0_2
