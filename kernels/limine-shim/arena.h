/* The shim's scratch memory after the kernel: page tables, responses, the stack, the GDT. */
#ifndef SHIM_ARENA_H
#define SHIM_ARENA_H
#include <stdint.h>

#define ARENA_SIZE 0x80000ull /* 512 KiB: 4 GiB of HHDM tables, a 64 KiB stack, responses */

void arena_init(uint64_t base);
/* Zeroed memory, `align` a power of two; exits if the arena is used up. */
uint64_t arena_alloc(uint64_t size, uint64_t align);
uint64_t arena_page(void);

#endif
