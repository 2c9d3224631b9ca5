/*
 * The requests every Limine kernel here makes, between the start and end markers, in their
 * own sections (kept in the data segment: the loader writes the response pointers
 * and the base revision tag). Base revision 2: the HHDM covers 4 GiB and every memory map
 * region but reserved and bad ones; no identity map.
 */
#include "limine-boot.h"

#define IN(name) __attribute__((used, section(name), aligned(8)))
#define REQUEST IN(".requests")

/* Separate sections for the markers: limine.ld puts them around .requests in this order,
 * whatever order the compiler emits the variables in. */
IN(".requests.start") static volatile uint64_t requests_start[4] = LIMINE_REQUESTS_START;

REQUEST volatile uint64_t limine_base_revision[3] = { LIMINE_BASE_REVISION_A,
						       LIMINE_BASE_REVISION_B, 2 };

REQUEST volatile struct limine_hhdm_request hhdm_request = { .id = LIMINE_HHDM_ID };
REQUEST volatile struct limine_memmap_request memmap_request = { .id = LIMINE_MEMMAP_ID };
REQUEST volatile struct limine_executable_address_request executable_address_request = {
	.id = LIMINE_EXECUTABLE_ADDRESS_ID
};
/* 64 KiB for the loader's stack; the kernels move to their own stack at once (entry.S). */
REQUEST volatile struct limine_stack_size_request stack_size_request = {
	.id = LIMINE_STACK_SIZE_ID,
	.stack_size = 0x10000,
};
REQUEST volatile struct limine_bootloader_info_request bootloader_info_request = {
	.id = LIMINE_BOOTLOADER_INFO_ID
};

IN(".requests.end") static volatile uint64_t requests_end[2] = LIMINE_REQUESTS_END;
