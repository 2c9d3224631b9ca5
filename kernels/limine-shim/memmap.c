/*
 * A small sorted list of Limine memory map entries, kept in the shim's own image (reported
 * as bootloader-reclaimable, like everything the shim leaves behind).
 */
#include "memmap.h"
#include "exit.h"
#include "print.h"

#define MM_MAX 64
#define E820_USABLE 1

static struct limine_memmap_entry map[MM_MAX];
static unsigned count;

static void push(struct limine_memmap_entry *list, unsigned *n, uint64_t base, uint64_t end,
		 uint64_t type)
{
	if (end <= base)
		return;
	struct limine_memmap_entry *last = *n ? &list[*n - 1] : 0;
	if (last && last->type == type && last->base + last->length == base) {
		last->length += end - base;
		return;
	}
	if (*n == MM_MAX) {
		kprintf("shim: memory map too long\n");
		qemu_exit(EXIT_CHECK_FAILED);
	}
	list[(*n)++] = (struct limine_memmap_entry){ base, end - base, type };
}

static uint64_t limine_type(uint32_t e820)
{
	switch (e820) {
	case 1: return LIMINE_MEMMAP_USABLE;
	case 3: return LIMINE_MEMMAP_ACPI_RECLAIMABLE;
	case 4: return LIMINE_MEMMAP_ACPI_NVS;
	case 5: return LIMINE_MEMMAP_BAD_MEMORY;
	default: return LIMINE_MEMMAP_RESERVED;
	}
}

void mm_from_multiboot(const struct mb1_info *info)
{
	for (uint32_t at = info->mmap_addr; at < info->mmap_addr + info->mmap_length;) {
		const struct mb1_mmap_entry *e = (const struct mb1_mmap_entry *)(uint64_t)at;
		uint64_t base = e->addr, end = e->addr + e->len;
		if (e->type == E820_USABLE) {
			base = (base + 0xfff) & ~0xfffull;
			end &= ~0xfffull;
		}
		push(map, &count, base, end, limine_type(e->type));
		at += e->size + 4;
	}
	mm_claim(0, 0x1000, LIMINE_MEMMAP_RESERVED);
}

void mm_claim(uint64_t base, uint64_t end, uint64_t type)
{
	static struct limine_memmap_entry out[MM_MAX];
	unsigned n = 0;
	int placed = 0;
	for (unsigned i = 0; i < count; i++) {
		uint64_t b = map[i].base, e = map[i].base + map[i].length;
		if (e <= base || b >= end) {
			if (!placed && b >= end) {
				push(out, &n, base, end, type);
				placed = 1;
			}
			push(out, &n, b, e, map[i].type);
			continue;
		}
		push(out, &n, b, base, map[i].type);
		if (!placed) {
			push(out, &n, base, end, type);
			placed = 1;
		}
		push(out, &n, end, e, map[i].type);
	}
	if (!placed)
		push(out, &n, base, end, type);
	for (unsigned i = 0; i < n; i++)
		map[i] = out[i];
	count = n;
}

unsigned mm_count(void)
{
	return count;
}

struct limine_memmap_entry *mm_entry(unsigned i)
{
	return &map[i];
}

uint64_t mm_top(void)
{
	uint64_t top = 0;
	for (unsigned i = 0; i < count; i++)
		if (map[i].type == LIMINE_MEMMAP_USABLE)
			top = map[i].base + map[i].length;
	return top;
}
