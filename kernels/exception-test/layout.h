/* Constants shared by boot.S and the C files of the exception-test kernel. */
#ifndef LAYOUT_H
#define LAYOUT_H

#define PTE_P 0x1
#define PTE_W 0x2
#define PTE_U 0x4
#define PTE_PS 0x80

#define CR0_PE 0x1
#define CR0_MP 0x2
#define CR0_TS 0x8
#define CR0_NE 0x20
#define CR0_WP 0x10000
#define CR0_AM 0x40000
#define CR0_PG 0x80000000
#define CR4_PAE 0x20
#define CR4_OSFXSR 0x200
#define CR4_OSXMMEXCPT 0x400
#define MSR_EFER 0xc0000080
#define EFER_LME 0x100
#define EFER_NXE 0x800

#define RFLAGS_FIXED 0x2
#define RFLAGS_TF 0x100
#define RFLAGS_OF 0x800
#define RFLAGS_RF 0x10000
#define RFLAGS_AC 0x40000

/* GDT selectors (boot.S). 0x48 and 0x50 are data segments marked not present, DPL 0 and 3. */
#define SEL_KCODE 0x08
#define SEL_KDATA 0x10
#define SEL_UCODE32 0x18
#define SEL_UDATA 0x20
#define SEL_UCODE64 0x28
#define SEL_KCODE32 0x30
#define SEL_TSS 0x38
#define SEL_NP_DPL0 0x48
#define SEL_NP_DPL3 0x50
#define GDT_LIMIT 0x57

/* Probe modes: CPL and code-segment size. */
#define MODE_R0 0 /* CPL 0, 64-bit */
#define MODE_R3 1 /* CPL 3, 64-bit */
#define MODE_R0C 2 /* CPL 0, compatibility mode */
#define MODE_R3C 3 /* CPL 3, compatibility mode */

#define KERNEL_STACK_SIZE 16384
#define STACK_SIZE 8192

/*
 * The user alias (PDPT[1] under PML4[0], at 1 GiB): the .user pages (code and constants the
 * snippets use, read-only), a writable stack page, and a read-only alias of that page.
 */
#define USER_BASE 0x40000000
#define USER_STACK_PAGE (USER_BASE + 0x10000)
#define USER_STACK_TOP (USER_STACK_PAGE + 0x1000)
#define USER_RO_PAGE (USER_BASE + 0x11000)

#endif
