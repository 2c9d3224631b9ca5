/* The memory map the shim hands over: the loader's E820 map, with what the shim placed cut out. */
#ifndef SHIM_MEMMAP_H
#define SHIM_MEMMAP_H
#include <stdint.h>
#include "limine.h"
#include "multiboot.h"

/* Starts from the Multiboot 1 map: E820 type 1 usable (4 KiB aligned inward), 3 ACPI
 * reclaimable, 4 ACPI NVS, 5 bad, anything else reserved. Page 0 is reserved. */
void mm_from_multiboot(const struct mb1_info *info);
/* Gives [base, end) the Limine type `type`, splitting the entries it overlaps. */
void mm_claim(uint64_t base, uint64_t end, uint64_t type);
unsigned mm_count(void);
struct limine_memmap_entry *mm_entry(unsigned i);
/* The end of the highest usable entry: how far the HHDM must reach at least. */
uint64_t mm_top(void);

#endif
