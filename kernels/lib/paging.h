/*
 * 4-level paging entries and a page-table builder. Bits (Intel SDM vol. 3A, 4.5; AMD APM
 * vol. 2, 5.3), with the levels they apply to:
 */
#ifndef LIB_PAGING_H
#define LIB_PAGING_H
#include <stdint.h>

#define PTE_P (UINT64_C(1) << 0)    /* present: every level */
#define PTE_W (UINT64_C(1) << 1)    /* writable: every level; the effective right is the AND down the walk */
#define PTE_U (UINT64_C(1) << 2)    /* user: every level; ANDed like W */
#define PTE_PWT (UINT64_C(1) << 3)  /* write-through: every level */
#define PTE_PCD (UINT64_C(1) << 4)  /* cache disable: every level */
#define PTE_A (UINT64_C(1) << 5)    /* accessed: set by the CPU at every level */
#define PTE_D (UINT64_C(1) << 6)    /* dirty: leaves only */
#define PTE_PS (UINT64_C(1) << 7)   /* page size: in a PDPTE a 1 GiB leaf, in a PDE a 2 MiB leaf;
			      * in a PTE this bit is PAT instead */
#define PTE_G (UINT64_C(1) << 8)    /* global: leaves only, with CR4.PGE */
#define PTE_PAT_LARGE (UINT64_C(1) << 12) /* PAT in a 2 MiB/1 GiB leaf, so bits 20:13 of a 2 MiB
				    * leaf's address must be zero (reserved) */
#define PTE_NX (UINT64_C(1) << 63)  /* no-execute: every level, ORed down; a reserved bit unless EFER.NXE */
#define PTE_ADDR UINT64_C(0x000ffffffffff000)
#define PTE_ADDR_2M UINT64_C(0x000fffffffe00000)

#define PAGE_SIZE UINT64_C(0x1000)
#define LARGE_PAGE_SIZE UINT64_C(0x200000)

#define PML4_INDEX(va) (((va) >> 39) & 511)
#define PDPT_INDEX(va) (((va) >> 30) & 511)
#define PD_INDEX(va) (((va) >> 21) & 511)
#define PT_INDEX(va) (((va) >> 12) & 511)

/*
 * An address space being built. `alloc` returns a zeroed page for a new table as the value
 * that goes into the parent entry (a physical address, if the kernel gets it right); `table`
 * turns an entry (or the root) back into a pointer the kernel can write through. Both are the
 * kernel's, so a kernel with a wrong idea of either (the higher-half allocator pitfall) builds
 * exactly the tables it would build on real hardware.
 */
struct pt_space {
	uint64_t root; /* the PML4, as the value to load into CR3 */
	uint64_t (*alloc)(void);
	uint64_t *(*table)(uint64_t entry);
	unsigned tables; /* how many tables were allocated, the PML4 included */
};

void pt_init(struct pt_space *s, uint64_t (*alloc)(void), uint64_t *(*table)(uint64_t entry));

/*
 * Maps [va, va + len) to [pa, pa + len) with leaf flags `flags` (PTE_P is implied). With
 * `large`, 2 MiB pages are used wherever va and pa are both 2 MiB aligned and 2 MiB remain.
 * Intermediate entries get P and W, and U when the leaf has it, so the leaf decides.
 */
void pt_map(struct pt_space *s, uint64_t va, uint64_t pa, uint64_t len, uint64_t flags, int large);

/* The entry that maps va at the lowest level reached (PDE for a 2 MiB page), or 0 if a
 * table on the way is missing. */
uint64_t *pt_entry(struct pt_space *s, uint64_t va);

/* The PDE slot for va, creating the PML4E and PDPTE on the way; for hand-made 2 MiB leaves. */
uint64_t *pt_pde_slot(struct pt_space *s, uint64_t va);

#endif
