// hot path of projection_swift_lut (projection_swift_lut: ProjectionSwiftLUTO6expand, loop .LBB4_10), traced by scripts/model-arm; 4 units per iteration
cbz	x10, .LBB4_16
ldrb	w13, [x11], #1
subs	x8, x8, #1
sub	x10, x10, #1
ldr	w13, [x9, x13, lsl #2]
str	w13, [x12], #4
b.ne	.LBB4_10
