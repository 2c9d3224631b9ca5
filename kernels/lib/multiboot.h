/*
 * Multiboot 1 and 2 boot information, as the specifications lay it out (Multiboot 0.6.96
 * section 3.3; Multiboot2 1.0 section 3.6). Only the fields the kernels here read.
 */
#ifndef LIB_MULTIBOOT_H
#define LIB_MULTIBOOT_H
#include <stdint.h>

#define MB1_BOOT_MAGIC 0x2badb002u
#define MB2_BOOT_MAGIC 0x36d76289u

#define MB1_INFO_MEM (1u << 0)
#define MB1_INFO_MODS (1u << 3)
#define MB1_INFO_MMAP (1u << 6)
#define MB1_INFO_LOADER_NAME (1u << 9)

struct mb1_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper; /* KiB below 640 KiB and above 1 MiB */
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
	uint32_t drives_length, drives_addr;
	uint32_t config_table;
	uint32_t boot_loader_name;
} __attribute__((packed));

/* `size` counts the bytes after itself: the next entry is at entry + size + 4. */
struct mb1_mmap_entry {
	uint32_t size;
	uint64_t addr, len;
	uint32_t type; /* 1 usable, 3 ACPI reclaimable, 4 NVS, 5 bad, others reserved */
} __attribute__((packed));

struct mb1_module {
	uint32_t mod_start, mod_end, string, reserved;
};

/* Multiboot 2: {u32 total_size, u32 reserved} then tags, each 8-byte aligned. */
#define MB2_TAG_END 0
#define MB2_TAG_LOADER_NAME 2
#define MB2_TAG_MMAP 6

struct mb2_tag {
	uint32_t type, size;
};

struct mb2_mmap_tag {
	uint32_t type, size;
	uint32_t entry_size, entry_version;
	/* entries follow: {u64 base, u64 length, u32 type, u32 reserved} */
};

struct mb2_mmap_entry {
	uint64_t base, length;
	uint32_t type, reserved;
};

#endif
