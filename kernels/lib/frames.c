/*
 * Frames are handed out in order from the ranges given, never freed: the kernels here build
 * one address space and a few test pages, so a bump pointer is all they need.
 */
#include "frames.h"
#include "exit.h"
#include "print.h"

#define MAX_RANGES 32

static struct {
	uint64_t next, end;
} ranges[MAX_RANGES];
static unsigned count, current, used;

void frames_add(uint64_t base, uint64_t length)
{
	uint64_t start = (base + 0xfff) & ~0xfffull;
	uint64_t end = (base + length) & ~0xfffull;
	if (end <= start || count == MAX_RANGES)
		return;
	ranges[count].next = start;
	ranges[count].end = end;
	count++;
}

uint64_t frames_alloc(void)
{
	while (current < count && ranges[current].next >= ranges[current].end)
		current++;
	if (current == count) {
		kprintf("frames: out of memory\n");
		qemu_exit(EXIT_CHECK_FAILED);
	}
	used++;
	uint64_t frame = ranges[current].next;
	ranges[current].next += 0x1000;
	return frame;
}

unsigned frames_used(void)
{
	return used;
}
