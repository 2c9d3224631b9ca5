/*
 * The address space a Limine kernel here builds for itself: its image at the link address
 * with one set of permissions per section, its stack with the guard page below it left
 * unmapped, and (optionally) an HHDM of the memory the loader reported plus the local APIC.
 * Each pitfall kernel states, in its own file, which option is its bug.
 */
#ifndef LIB_KSPACE_H
#define LIB_KSPACE_H
#include "paging.h"

struct kspace_options {
	int nx;      /* mark everything but text no-execute (needs EFER.NXE) */
	int hhdm;    /* map usable, reclaimable and kernel memory, and the APIC, at the HHDM */
	int user_wx; /* map the kernel image user-accessible, writable and executable */
};

/* Section bounds from limine.ld. */
extern char __kernel_start[], __text_start[], __text_end[], __rodata_start[], __rodata_end[],
	__data_start[], __data_end[], __stack_guard[], __stack_bottom[], __stack_top[], __kernel_end[];

/* The healthy allocator for pt_init: a frame from the frame allocator, zeroed through the
 * loader's HHDM; and the way back from an entry to the table it points at. */
uint64_t kspace_alloc_table(void);
uint64_t *kspace_table(uint64_t entry);

/* Maps the regions into `pt` (pt_init'ed by the caller), printing one line per region. */
void kspace_build(struct pt_space *pt, const struct kspace_options *o);
/* Loads CR3 with pt->root, saying so before and after. */
void kspace_switch(struct pt_space *pt);
/* Where the local APIC's registers are mapped (HHDM + their physical address). */
uint64_t kspace_lapic(void);

#endif
