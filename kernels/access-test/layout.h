/* Constants shared by boot.S and the C files of the access-test kernel. */
#ifndef LAYOUT_H
#define LAYOUT_H

/* Paging-entry bits (SDM Vol. 3A 4.5, APM Vol. 2 5.3). */
#define PTE_P 0x1
#define PTE_W 0x2
#define PTE_U 0x4
#define PTE_A 0x20
#define PTE_D 0x40
#define PTE_PS 0x80

#define CR0_PE 0x1
#define CR0_WP 0x10000
#define CR0_PG 0x80000000
#define CR4_PAE 0x20
#define CR4_SMEP 0x100000
#define CR4_SMAP 0x200000
#define CR4_PKE 0x400000
#define MSR_EFER 0xc0000080
#define EFER_LME 0x100
#define EFER_NXE 0x800
#define MSR_FS_BASE 0xc0000100
#define MSR_GS_BASE 0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102

#define KERNEL_STACK_SIZE 16384

#define RFLAGS_FIXED 0x2
#define RFLAGS_AC 0x40000

/* GDT selectors (boot.S). */
#define SEL_KCODE 0x08
#define SEL_KDATA 0x10
#define SEL_UCODE32 0x18
#define SEL_UDATA 0x20
#define SEL_UCODE64 0x28
#define SEL_KCODE32 0x30
#define SEL_TSS 0x38

/*
 * The user alias: PDPT[1] under PML4[0], at 1 GiB. Its page table maps the .user section's
 * pages from USER_BASE and one stack page at USER_STACK_PAGE.
 */
#define USER_BASE 0x40000000
#define USER_STACK_PAGE (USER_BASE + 0x10000)
#define USER_STACK_TOP (USER_STACK_PAGE + 0x1000)

/* The test alias: PML4[1], nothing else below it. The test page's address is
 * TEST_BASE + its physical address, whichever leaf size maps it. */
#define TEST_BASE 0x0000008000000000

#endif
