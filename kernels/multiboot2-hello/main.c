/*
 * multiboot2-hello: a Multiboot 2 kernel (ELF64 with a 32-bit entry, as GRUB's multiboot2
 * command loads it) that switches to long mode itself (lib/longmode32.S), walks the boot
 * information tags, reads the memory map tag, says what it found, and exits. The same image
 * is packaged as public/kernels/iso-multiboot2.iso.
 * Expected end: exit code 0 (QEMU status 1).
 */
#include "cpu.h"
#include "exit.h"
#include "multiboot.h"
#include "print.h"
#include "serial.h"

static void read_mmap(const struct mb2_mmap_tag *t)
{
	kprintf("multiboot2: memory map tag, entry size %u, version %u\n", t->entry_size,
		t->entry_version);
	unsigned entries = 0;
	uint64_t usable = 0;
	for (uint32_t off = sizeof *t; off + t->entry_size <= t->size; off += t->entry_size) {
		const struct mb2_mmap_entry *e =
			(const struct mb2_mmap_entry *)((const char *)t + off);
		entries++;
		if (e->type == 1)
			usable += e->length;
	}
	kprintf("multiboot2: memory map has %u entries, %lu KiB usable\n", entries, usable >> 10);
}

void kmain64(uint32_t magic, uint32_t info_addr)
{
	serial_init();
	kprintf("multiboot2-hello: 64-bit kernel from a Multiboot 2 loader\n");
	if (magic != MB2_BOOT_MAGIC) {
		kprintf("multiboot2: bad magic 0x%x\n", magic);
		qemu_exit(EXIT_BAD_BOOT);
	}
	const char *info = (const char *)(uint64_t)info_addr;
	kprintf("multiboot2: magic 0x%x, info at 0x%x, %u bytes\n", magic, info_addr,
		*(const uint32_t *)info);
	int have_mmap = 0;
	for (const struct mb2_tag *t = (const struct mb2_tag *)(info + 8); t->type != MB2_TAG_END;
	     t = (const struct mb2_tag *)((const char *)t + ((t->size + 7) & ~7u))) {
		if (t->type == MB2_TAG_LOADER_NAME)
			kprintf("multiboot2: loader %s\n", (const char *)(t + 1));
		if (t->type == MB2_TAG_MMAP) {
			read_mmap((const struct mb2_mmap_tag *)t);
			have_mmap = 1;
		}
	}
	if (!have_mmap) {
		kprintf("multiboot2: no memory map tag\n");
		qemu_exit(EXIT_NO_RESPONSE);
	}
	kprintf("long mode: cr0.pg %d, cr4.pae %d, efer.lma %d\n", !!(read_cr0() & CR0_PG),
		!!(read_cr4() & CR4_PAE), !!(rdmsr(MSR_EFER) & EFER_LMA));
	kprintf("multiboot2-hello: done, exit 0\n");
	qemu_exit(EXIT_OK);
}
