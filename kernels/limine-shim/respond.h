/* Finding the Limine requests in the loaded image and answering them. */
#ifndef SHIM_RESPOND_H
#define SHIM_RESPOND_H
#include <stdint.h>

struct handover {
	uint64_t hhdm;
	uint64_t kernel_phys, kernel_virt;
	uint64_t image_phys, image_size; /* the loaded image, where requests are looked for */
};

/* The base revision the kernel asked for (0 without a tag); marks the tag as accepted when
 * the shim supports that revision (1 to 3), as a Limine loader does. */
uint64_t accept_base_revision(const struct handover *h);
/* The stack size the kernel asked for, or the protocol's default of 64 KiB. */
uint64_t requested_stack_size(const struct handover *h);
/* Answers HHDM, memory map, executable address, stack size and bootloader info requests;
 * leaves others unanswered. Call last: the memory map must be final. */
void answer_requests(const struct handover *h);

#endif
