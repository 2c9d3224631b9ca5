/*
 * Multiboot 2 header (Multiboot2 Specification 1.0, 3.1): magic, architecture 0 (i386),
 * length, checksum, then tags, 8-byte aligned in the first 32 KiB. One tag asks for the
 * memory map (information request, type 1); the end tag closes the list.
 */
#define MB2_MAGIC 0xe85250d6
#define MB2_ARCH_I386 0

	.section .multiboot, "a"
	.balign 8
mb2_header:
	.long MB2_MAGIC
	.long MB2_ARCH_I386
	.long mb2_end - mb2_header
	.long 0x100000000 - (MB2_MAGIC + MB2_ARCH_I386 + (mb2_end - mb2_header))

	.balign 8
	.short 1 /* information request */
	.short 0 /* not optional: boot only if the loader can give it */
	.long 12
	.long 6  /* the memory map tag */

	.balign 8
	.short 0 /* end */
	.short 0
	.long 8
mb2_end:
