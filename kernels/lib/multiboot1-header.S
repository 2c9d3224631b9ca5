/*
 * Multiboot 1 header (Multiboot Specification 0.6.96, 3.1): magic, flags, checksum, 4-byte
 * aligned in the first 8 KiB. Flags: bit 0 page-align modules, bit 1 give memory information.
 * No bit 16: the loader takes the load addresses from the ELF program headers.
 */
#define MB1_MAGIC 0x1badb002
#define MB1_FLAGS 0x00000003

	.section .multiboot, "a"
	.balign 4
	.long MB1_MAGIC
	.long MB1_FLAGS
	.long 0x100000000 - (MB1_MAGIC + MB1_FLAGS)
