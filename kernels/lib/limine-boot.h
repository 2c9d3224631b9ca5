/* What every Limine kernel here does first: read the loader's answers and say what they were. */
#ifndef LIB_LIMINE_BOOT_H
#define LIB_LIMINE_BOOT_H
#include <stdint.h>
#include "limine.h"

extern volatile uint64_t limine_base_revision[3];
extern volatile struct limine_hhdm_request hhdm_request;
extern volatile struct limine_memmap_request memmap_request;
extern volatile struct limine_executable_address_request executable_address_request;
extern volatile struct limine_stack_size_request stack_size_request;
extern volatile struct limine_bootloader_info_request bootloader_info_request;

struct boot_facts {
	uint64_t hhdm;        /* virtual address of physical 0 */
	uint64_t kernel_phys; /* where the loader put the kernel's first page */
	uint64_t kernel_virt; /* and where it mapped it: the link address */
	struct limine_memmap_response *memmap;
};
extern struct boot_facts boot;

/* Sets up COM1, prints `banner`, checks the base revision and the responses (exits with
 * EXIT_NO_RESPONSE if one is missing), fills `boot`, and gives the usable memory above 1 MiB
 * to the frame allocator. */
void limine_boot(const char *banner);

/* Physical address of a kernel virtual address (the image is physically contiguous). */
static inline uint64_t kernel_phys(const volatile void *va)
{
	return (uint64_t)va - boot.kernel_virt + boot.kernel_phys;
}

/* A pointer through the loader's HHDM to physical address `pa`. */
static inline void *phys_ptr(uint64_t pa)
{
	return (void *)(boot.hhdm + pa);
}

#endif
