#include "arena.h"
#include "exit.h"
#include "mem.h"
#include "print.h"

static uint64_t next, end;

void arena_init(uint64_t base)
{
	next = base;
	end = base + ARENA_SIZE;
}

uint64_t arena_alloc(uint64_t size, uint64_t align)
{
	uint64_t at = (next + align - 1) & ~(align - 1);
	if (at + size > end) {
		kprintf("shim: arena exhausted\n");
		qemu_exit(EXIT_CHECK_FAILED);
	}
	next = at + size;
	memset((void *)at, 0, size);
	return at;
}

uint64_t arena_page(void)
{
	return arena_alloc(0x1000, 0x1000);
}
