/*
 * multiboot1-hello: a Multiboot 1 kernel (ELF32, so QEMU -kernel takes it) whose 32-bit entry
 * (lib/longmode32.S) identity-maps the first GiB and switches to long mode itself. In 64-bit
 * mode it reads the Multiboot information (magic, flags, loader name, memory map), says so,
 * and exits.
 * Expected end: exit code 0 (QEMU status 1).
 */
#include "cpu.h"
#include "exit.h"
#include "multiboot.h"
#include "print.h"
#include "serial.h"

static void print_mode(void)
{
	kprintf("long mode: cr0.pg %d, cr4.pae %d, efer.lma %d\n", !!(read_cr0() & CR0_PG),
		!!(read_cr4() & CR4_PAE), !!(rdmsr(MSR_EFER) & EFER_LMA));
	kprintf("paging: first GiB identity-mapped with 2 MiB pages, cr3 0x%lx\n",
		(uint64_t)read_cr3());
}

void kmain64(uint32_t magic, uint32_t info_addr)
{
	serial_init();
	kprintf("multiboot1-hello: 64-bit kernel from a Multiboot 1 loader\n");
	if (magic != MB1_BOOT_MAGIC) {
		kprintf("multiboot1: bad magic 0x%x\n", magic);
		qemu_exit(EXIT_BAD_BOOT);
	}
	const struct mb1_info *info = (const struct mb1_info *)(uint64_t)info_addr;
	kprintf("multiboot1: magic 0x%x, info at 0x%x, flags 0x%x\n", magic, info_addr, info->flags);
	if (info->flags & MB1_INFO_LOADER_NAME)
		kprintf("multiboot1: loader %s\n",
			(const char *)(uint64_t)info->boot_loader_name);
	if (info->flags & MB1_INFO_MEM)
		kprintf("multiboot1: %u KiB low memory, %u KiB high\n", info->mem_lower,
			info->mem_upper);
	if (!(info->flags & MB1_INFO_MMAP)) {
		kprintf("multiboot1: no memory map\n");
		qemu_exit(EXIT_NO_RESPONSE);
	}
	unsigned entries = 0;
	uint64_t usable = 0;
	for (uint32_t at = info->mmap_addr; at < info->mmap_addr + info->mmap_length;) {
		const struct mb1_mmap_entry *e = (const struct mb1_mmap_entry *)(uint64_t)at;
		entries++;
		if (e->type == 1)
			usable += e->len;
		at += e->size + 4;
	}
	kprintf("multiboot1: memory map has %u entries, %lu KiB usable\n", entries, usable >> 10);
	print_mode();
	kprintf("multiboot1-hello: done, exit 0\n");
	qemu_exit(EXIT_OK);
}
