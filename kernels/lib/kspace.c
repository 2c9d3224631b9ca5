#include "kspace.h"
#include "apic.h"
#include "cpu.h"
#include "frames.h"
#include "limine-boot.h"
#include "mem.h"
#include "print.h"

uint64_t kspace_alloc_table(void)
{
	uint64_t pa = frames_alloc();
	memset(phys_ptr(pa), 0, PAGE_SIZE);
	return pa;
}

uint64_t *kspace_table(uint64_t entry)
{
	return phys_ptr(entry & PTE_ADDR);
}

static void map_section(struct pt_space *pt, const char *name, char *start, char *end,
			uint64_t flags)
{
	uint64_t va = (uint64_t)start;
	pt_map(pt, va, kernel_phys(start), (uint64_t)(end - start), flags, 0);
	kprintf("paging: %s 0x%lx-0x%lx %sr%c%c\n", name, va, (uint64_t)end,
		flags & PTE_U ? "user " : "", flags & PTE_W ? 'w' : '-', flags & PTE_NX ? '-' : 'x');
}

/* The memory map types the HHDM covers here: what the kernel may touch through it. */
static int hhdm_type(uint64_t type)
{
	return type == LIMINE_MEMMAP_USABLE || type == LIMINE_MEMMAP_BOOTLOADER_RECLAIMABLE ||
	       type == LIMINE_MEMMAP_EXECUTABLE_AND_MODULES;
}

static uint64_t lapic_va;

void kspace_build(struct pt_space *pt, const struct kspace_options *o)
{
	uint64_t nx = o->nx ? PTE_NX : 0;
	uint64_t text = o->user_wx ? PTE_U | PTE_W : 0;
	uint64_t rodata = o->user_wx ? PTE_U | PTE_W : nx;
	uint64_t data = o->user_wx ? PTE_U | PTE_W : PTE_W | nx;

	kprintf("paging: building tables, rwx per section\n");
	map_section(pt, "text  ", __text_start, __text_end, text);
	map_section(pt, "rodata", __rodata_start, __rodata_end, rodata);
	map_section(pt, "data  ", __data_start, __data_end, data);
	map_section(pt, "stack ", __stack_bottom, __stack_top, data);
	kprintf("paging: guard  0x%lx-0x%lx unmapped\n", (uint64_t)__stack_guard,
		(uint64_t)__stack_bottom);
	if (!o->hhdm)
		return;

	unsigned regions = 0;
	for (uint64_t i = 0; i < boot.memmap->entry_count; i++) {
		struct limine_memmap_entry *e = boot.memmap->entries[i];
		if (!hhdm_type(e->type))
			continue;
		uint64_t base = e->base & ~(PAGE_SIZE - 1);
		uint64_t end = (e->base + e->length + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
		pt_map(pt, boot.hhdm + base, base, end - base, PTE_W | nx, 1);
		regions++;
	}
	kprintf("paging: hhdm   %u regions of RAM at 0x%lx rw%c\n", regions, boot.hhdm,
		nx ? '-' : 'x');
	uint64_t apic = lapic_phys();
	lapic_va = boot.hhdm + apic;
	pt_map(pt, lapic_va, apic, PAGE_SIZE, PTE_W | PTE_PCD | PTE_PWT | nx, 0);
	kprintf("paging: lapic  0x%lx uncached\n", lapic_va);
}

void kspace_switch(struct pt_space *pt)
{
	kprintf("paging: %u tables, loading cr3 0x%lx\n", pt->tables, pt->root);
	write_cr3(pt->root);
	kprintf("paging: running on the new tables\n");
}

uint64_t kspace_lapic(void)
{
	return lapic_va;
}
