// hot loop of projection_arm_neon, extracted from swiftc -S by scripts/model-arm
ldr	q3, [x12], #16
add	x14, x10, #4
cmp	x11, x14
add	x10, x10, #2
and	v4.16b, v3.16b, v0.16b
ushr	v3.16b, v3.16b, #4
tbl	v16.16b, { v1.16b }, v4.16b
tbl	v17.16b, { v2.16b }, v4.16b
tbl	v18.16b, { v1.16b }, v3.16b
tbl	v19.16b, { v2.16b }, v3.16b
st4	{ v16.16b, v17.16b, v18.16b, v19.16b }, [x13], #64
b.ge	.LBB0_2
