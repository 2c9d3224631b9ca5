#include "limine-boot.h"
#include "exit.h"
#include "frames.h"
#include "print.h"
#include "serial.h"

struct boot_facts boot;

static void *need(void *response, const char *what)
{
	if (!response) {
		kprintf("limine: no %s response\n", what);
		qemu_exit(EXIT_NO_RESPONSE);
	}
	return response;
}

void limine_boot(const char *banner)
{
	serial_init();
	kprintf("%s\n", banner);
	if (limine_base_revision[2] != 0) {
		kprintf("limine: base revision %lu not supported by the loader\n",
			limine_base_revision[2]);
		qemu_exit(EXIT_NO_RESPONSE);
	}
	struct limine_bootloader_info_response *info =
		need(bootloader_info_request.response, "bootloader info");
	kprintf("limine: base revision 2 accepted by %s %s\n", info->name, info->version);

	boot.hhdm = ((struct limine_hhdm_response *)need(hhdm_request.response, "HHDM"))->offset;
	struct limine_executable_address_response *ka =
		need(executable_address_request.response, "executable address");
	boot.kernel_phys = ka->physical_base;
	boot.kernel_virt = ka->virtual_base;
	boot.memmap = need(memmap_request.response, "memory map");
	need(stack_size_request.response, "stack size");

	uint64_t usable = 0;
	for (uint64_t i = 0; i < boot.memmap->entry_count; i++) {
		struct limine_memmap_entry *e = boot.memmap->entries[i];
		if (e->type != LIMINE_MEMMAP_USABLE)
			continue;
		usable += e->length;
		/* Leave the first MiB alone: firmware habits die hard. */
		if (e->base + e->length > 0x100000) {
			uint64_t base = e->base < 0x100000 ? 0x100000 : e->base;
			frames_add(base, e->base + e->length - base);
		}
	}
	kprintf("limine: hhdm at 0x%lx\n", boot.hhdm);
	kprintf("limine: kernel at 0x%lx, physical 0x%lx\n", boot.kernel_virt, boot.kernel_phys);
	kprintf("limine: memory map has %lu entries, %lu KiB usable\n", boot.memmap->entry_count,
		usable >> 10);
}
