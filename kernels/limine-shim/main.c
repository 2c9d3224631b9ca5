/*
 * limine-shim: a test harness, not a kernel and not Limine. No Limine binary can be had here,
 * so the tests boot the Limine kernels under QEMU with this instead: QEMU loads it with
 * -kernel (Multiboot 1) and the Limine kernel's ELF with -initrd (as module 0). It does what
 * PROTOCOL.md says a Limine loader does for base revisions 1-3 on x86-64, as far as these
 * kernels can tell: loads the PT_LOAD segments physically contiguous, maps them at their link
 * addresses with their permissions, maps an HHDM of the first 4 GiB at 0xffff800000000000
 * (no identity map), answers the requests, loads a GDT laid out as the protocol gives (64-bit
 * code 0x28, data 0x30) at an HHDM address, sets WP, NXE and the PAT, masks the PICs, and
 * enters the kernel on a stack in the HHDM with 0 pushed as return address and IF clear.
 * It prints nothing unless something is wrong, so the serial output is the kernel's alone.
 */
#include "apic.h"
#include "arena.h"
#include "cpu.h"
#include "elf.h"
#include "exit.h"
#include "mem.h"
#include "memmap.h"
#include "multiboot.h"
#include "paging.h"
#include "print.h"
#include "respond.h"
#include "serial.h"

#define HHDM 0xffff800000000000ull
#define HHDM_MIN_SIZE 0x100000000ull /* base revisions 1 and 2: at least 4 GiB */
#define LIMINE_PAT 0x0000010500070406ull
#define SEL_CODE64 0x28
#define SEL_DATA64 0x30

extern uint64_t boot_pml4[512]; /* longmode32.S: the tables the shim runs on */
extern char __kernel_start[], __kernel_end[];
void limine_handoff(uint64_t cr3, uint64_t rsp, uint64_t entry);

static void fail(const char *why)
{
	kprintf("shim: %s\n", why);
	qemu_exit(EXIT_BAD_BOOT);
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static uint64_t *identity_table(uint64_t entry)
{
	return (uint64_t *)(entry & PTE_ADDR);
}

/* Copies the segments to kphys + (vaddr - low), zero-fills the rest of each. */
static void load(const struct elf_image *img, const char *file, uint64_t kphys)
{
	memset((void *)kphys, 0, img->high - img->low);
	for (unsigned i = 0; i < img->header->phnum; i++) {
		const struct elf64_phdr *p = &img->phdrs[i];
		if (p->type == PT_LOAD)
			memcpy((void *)(kphys + p->vaddr - img->low), file + p->offset, p->filesz);
	}
}

static void map_kernel(struct pt_space *pt, const struct elf_image *img, uint64_t kphys,
		       uint64_t nx)
{
	for (unsigned i = 0; i < img->header->phnum; i++) {
		const struct elf64_phdr *p = &img->phdrs[i];
		if (p->type != PT_LOAD || p->memsz == 0)
			continue;
		uint64_t va = p->vaddr & ~0xfffull;
		uint64_t end = align_up(p->vaddr + p->memsz, 0x1000);
		uint64_t flags = (p->flags & PF_W ? PTE_W : 0) | (p->flags & PF_X ? 0 : nx);
		pt_map(pt, va, kphys + va - img->low, end - va, flags, 0);
	}
}

/* The GDT the protocol describes: null, 16-bit code/data, 32-bit code/data, 64-bit code/data. */
static void load_gdt(void)
{
	uint64_t *gdt = (uint64_t *)arena_alloc(7 * 8, 16);
	gdt[1] = 0x00009a000000ffffull;
	gdt[2] = 0x000092000000ffffull;
	gdt[3] = 0x00cf9a000000ffffull;
	gdt[4] = 0x00cf92000000ffffull;
	gdt[5] = 0x00af9a000000ffffull;
	gdt[6] = 0x00cf92000000ffffull;
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} gdtr = { 7 * 8 - 1, HHDM + (uint64_t)gdt };
	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movw %w2, %%ds\n\t"
			 "movw %w2, %%es\n\t"
			 "movw %w2, %%fs\n\t"
			 "movw %w2, %%gs\n\t"
			 "movw %w2, %%ss"
			 :
			 : "m"(gdtr), "i"(SEL_CODE64), "r"(SEL_DATA64)
			 : "rax", "memory");
}

static int have_nx(void)
{
	uint32_t a, b, c, d;
	cpuid(0x80000001, &a, &b, &c, &d);
	return (d >> 20) & 1;
}

void kmain64(uint32_t magic, uint32_t info_addr)
{
	serial_init();
	if (magic != MB1_BOOT_MAGIC)
		fail("not started by a Multiboot 1 loader");
	const struct mb1_info *info = (const struct mb1_info *)(uint64_t)info_addr;
	if (!(info->flags & MB1_INFO_MMAP) || !(info->flags & MB1_INFO_MODS) || !info->mods_count)
		fail("give the Limine kernel as a module (-initrd) and a memory map");
	const struct mb1_module *mod = (const struct mb1_module *)(uint64_t)info->mods_addr;
	const char *file = (const char *)(uint64_t)mod->mod_start;
	struct elf_image img;
	if (!elf_open(&img, file, mod->mod_end - mod->mod_start))
		fail("module 0 is not an ELF64 x86-64 executable");
	if (img.low < 0xffffffff80000000ull)
		fail("the kernel is not linked at or above 0xffffffff80000000");

	/* Kernel first, 2 MiB aligned above everything QEMU placed; then the arena. */
	uint64_t kphys = align_up(mod->mod_end > (uint64_t)__kernel_end ? mod->mod_end
									 : (uint64_t)__kernel_end,
				  0x200000);
	uint64_t kend = kphys + img.high - img.low;
	arena_init(kend);
	load(&img, file, kphys);

	mm_from_multiboot(info);
	mm_claim(0x9000, 0xa000, LIMINE_MEMMAP_BOOTLOADER_RECLAIMABLE); /* QEMU's boot info */
	/* The shim, then what QEMU put after it: the module list and strings, the module. */
	mm_claim((uint64_t)__kernel_start, align_up(mod->mod_end, 0x1000),
		 LIMINE_MEMMAP_BOOTLOADER_RECLAIMABLE);
	mm_claim(kphys, kend, LIMINE_MEMMAP_EXECUTABLE_AND_MODULES);
	mm_claim(kend, kend + ARENA_SIZE, LIMINE_MEMMAP_BOOTLOADER_RECLAIMABLE);

	struct handover h = { HHDM, kphys, img.low, kphys, img.high - img.low };
	uint64_t revision = accept_base_revision(&h);
	if (revision < 1 || revision > 3)
		fail("only base revisions 1 to 3 are supported");

	uint64_t nx = have_nx() ? PTE_NX : 0;
	struct pt_space pt;
	pt_init(&pt, arena_page, identity_table);
	uint64_t top = mm_top() > HHDM_MIN_SIZE ? mm_top() : HHDM_MIN_SIZE;
	pt_map(&pt, HHDM, 0, align_up(top, 0x200000), PTE_W, 1);
	map_kernel(&pt, &img, kphys, nx);

	uint64_t stack_size = align_up(requested_stack_size(&h), 0x1000);
	uint64_t stack_top = arena_alloc(stack_size, 0x1000) + stack_size;
	answer_requests(&h);

	/* From here on the shim runs partly at HHDM addresses: alias the identity map there. */
	boot_pml4[256] = boot_pml4[0];
	write_cr3(read_cr3());
	load_gdt();
	wrmsr(MSR_PAT, LIMINE_PAT);
	if (nx)
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
	write_cr0(read_cr0() | CR0_WP);
	pic_disable();

	void (*handoff)(uint64_t, uint64_t, uint64_t) =
		(void (*)(uint64_t, uint64_t, uint64_t))(HHDM + (uint64_t)limine_handoff);
	handoff(pt.root, HHDM + stack_top, img.header->entry);
}
