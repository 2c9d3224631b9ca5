/*
 * Both Multiboot headers, each asking for a 1024x768 32-bit linear framebuffer, so one image
 * boots through GRUB's `multiboot` and `multiboot2` commands alike. Multiboot 2 first: its
 * header must be 8-byte aligned (the Multiboot 1 header only 4).
 */
#define MB2_MAGIC 0xe85250d6
#define MB1_MAGIC 0x1badb002
/* Page-align modules, memory information, video mode (bit 2). */
#define MB1_FLAGS 0x00000007

	.section .multiboot, "a"
	.balign 8
mb2_header:
	.long MB2_MAGIC
	.long 0 /* i386 */
	.long mb2_end - mb2_header
	.long 0x100000000 - (MB2_MAGIC + (mb2_end - mb2_header))
	.balign 8
	.short 5 /* framebuffer: width, height, depth */
	.short 0
	.long 20
	.long 1024
	.long 768
	.long 32
	.balign 8
	.short 0 /* end */
	.short 0
	.long 8
mb2_end:

	.balign 4
	.long MB1_MAGIC
	.long MB1_FLAGS
	.long 0x100000000 - (MB1_MAGIC + MB1_FLAGS)
	.long 0, 0, 0, 0, 0 /* the address fields, unused without flag 16 */
	.long 0    /* mode_type: linear graphics */
	.long 1024
	.long 768
	.long 32
