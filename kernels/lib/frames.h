/* A bump allocator of physical page frames over the ranges the boot loader called usable. */
#ifndef LIB_FRAMES_H
#define LIB_FRAMES_H
#include <stdint.h>

void frames_add(uint64_t base, uint64_t length);
/* The next free frame's physical address; exits with EXIT_CHECK_FAILED when none is left. */
uint64_t frames_alloc(void);
/* Frames handed out so far. */
unsigned frames_used(void);

#endif
