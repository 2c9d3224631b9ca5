/* The page-table builder every kernel uses: one walk down the four levels, creating tables. */
#include "paging.h"
#include "exit.h"
#include "print.h"

void pt_init(struct pt_space *s, uint64_t (*alloc)(void), uint64_t *(*table)(uint64_t))
{
	s->alloc = alloc;
	s->table = table;
	s->tables = 1;
	s->root = alloc();
}

/* The table below entry `e`, made first if absent; `user` is propagated as the leaf asks. */
static uint64_t *next_table(struct pt_space *s, uint64_t *e, uint64_t user)
{
	if (!(*e & PTE_P)) {
		*e = s->alloc() | PTE_P | PTE_W | user;
		s->tables++;
	} else if (*e & PTE_PS) {
		kprintf("paging: cannot split a large page at entry %p\n", (void *)e);
		qemu_exit(EXIT_CHECK_FAILED);
	}
	*e |= user;
	return s->table(*e);
}

static uint64_t *walk_to_pd(struct pt_space *s, uint64_t va, uint64_t user)
{
	uint64_t *pml4 = s->table(s->root);
	uint64_t *pdpt = next_table(s, &pml4[PML4_INDEX(va)], user);
	return next_table(s, &pdpt[PDPT_INDEX(va)], user);
}

void pt_map(struct pt_space *s, uint64_t va, uint64_t pa, uint64_t len, uint64_t flags, int large)
{
	uint64_t user = flags & PTE_U;
	flags |= PTE_P;
	while (len > 0) {
		uint64_t *pd = walk_to_pd(s, va, user);
		if (large && !(va & (LARGE_PAGE_SIZE - 1)) && !(pa & (LARGE_PAGE_SIZE - 1)) &&
		    len >= LARGE_PAGE_SIZE) {
			pd[PD_INDEX(va)] = pa | flags | PTE_PS;
			va += LARGE_PAGE_SIZE;
			pa += LARGE_PAGE_SIZE;
			len -= LARGE_PAGE_SIZE;
			continue;
		}
		uint64_t *pt = next_table(s, &pd[PD_INDEX(va)], user);
		pt[PT_INDEX(va)] = pa | flags;
		va += PAGE_SIZE;
		pa += PAGE_SIZE;
		len = len > PAGE_SIZE ? len - PAGE_SIZE : 0;
	}
}

uint64_t *pt_pde_slot(struct pt_space *s, uint64_t va)
{
	return &walk_to_pd(s, va, 0)[PD_INDEX(va)];
}

uint64_t *pt_entry(struct pt_space *s, uint64_t va)
{
	uint64_t *t = s->table(s->root);
	const unsigned shifts[] = { 39, 30, 21, 12 };
	for (unsigned level = 0; level < 4; level++) {
		uint64_t *e = &t[(va >> shifts[level]) & 511];
		if (level == 3 || (level > 0 && (*e & PTE_PS)))
			return e;
		if (!(*e & PTE_P))
			return 0;
		t = s->table(*e);
	}
	return 0;
}
