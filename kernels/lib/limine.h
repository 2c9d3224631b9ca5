/*
 * The parts of the Limine boot protocol these kernels use, written from PROTOCOL.md: a request
 * is {u64 id[4]; u64 revision; response pointer; ...}, 8-byte aligned anywhere in the image;
 * the loader fills in the response pointer (an HHDM address) when it answers. IDs are the
 * common magic followed by two words per feature.
 */
#ifndef LIB_LIMINE_H
#define LIB_LIMINE_H
#include <stdint.h>

#define LIMINE_MAGIC_A 0xc7b1dd30df4c8b88ull
#define LIMINE_MAGIC_B 0x0a82e883a194f07bull
#define LIMINE_ID(c, d) { LIMINE_MAGIC_A, LIMINE_MAGIC_B, (c), (d) }

/* Base revision tag {magic, magic, N}: a loader that supports N zeroes the third word and
 * writes the revision it loaded with into the second. */
#define LIMINE_BASE_REVISION_A 0xf9562b2d5c95a6c8ull
#define LIMINE_BASE_REVISION_B 0x6a7b384944536bdcull

/* Optional delimiters around the requests: the loader scans only between them. */
#define LIMINE_REQUESTS_START { 0xf6b8f4b39de7d1aeull, 0xfab91a6940fcb9cfull, 0x785c6ed015d3e316ull, 0x181e920a7852b9d9ull }
#define LIMINE_REQUESTS_END { 0xadc0e0531bb10d03ull, 0x9572709f31764c62ull }

#define LIMINE_HHDM_ID LIMINE_ID(0x48dcf1cb8ad2b852ull, 0x63984e959a98244bull)
#define LIMINE_MEMMAP_ID LIMINE_ID(0x67cf3d9d378a806full, 0xe304acdfc50c3c62ull)
#define LIMINE_EXECUTABLE_ADDRESS_ID LIMINE_ID(0x71ba76863cc55f63ull, 0xb2644a48c516a487ull)
#define LIMINE_STACK_SIZE_ID LIMINE_ID(0x224ef0460a8e8926ull, 0xe1cb0fc25f46ea3dull)
#define LIMINE_BOOTLOADER_INFO_ID LIMINE_ID(0xf55038d8e2a1202full, 0x279426fcf5f59740ull)

struct limine_hhdm_response {
	uint64_t revision;
	uint64_t offset; /* virtual address of physical 0 */
};

enum limine_memmap_type {
	LIMINE_MEMMAP_USABLE = 0,
	LIMINE_MEMMAP_RESERVED = 1,
	LIMINE_MEMMAP_ACPI_RECLAIMABLE = 2,
	LIMINE_MEMMAP_ACPI_NVS = 3,
	LIMINE_MEMMAP_BAD_MEMORY = 4,
	LIMINE_MEMMAP_BOOTLOADER_RECLAIMABLE = 5,
	LIMINE_MEMMAP_EXECUTABLE_AND_MODULES = 6,
	LIMINE_MEMMAP_FRAMEBUFFER = 7,
};

struct limine_memmap_entry {
	uint64_t base;
	uint64_t length;
	uint64_t type;
};

struct limine_memmap_response {
	uint64_t revision;
	uint64_t entry_count;
	struct limine_memmap_entry **entries; /* an array of entry_count pointers */
};

struct limine_executable_address_response {
	uint64_t revision;
	uint64_t physical_base;
	uint64_t virtual_base;
};

struct limine_stack_size_response {
	uint64_t revision;
};

struct limine_bootloader_info_response {
	uint64_t revision;
	const char *name;
	const char *version;
};

/* Every request has this head; some add fields after it (the stack size request does). */
#define LIMINE_REQUEST_HEAD(response_type) \
	uint64_t id[4];                    \
	uint64_t revision;                 \
	response_type *response

struct limine_hhdm_request {
	LIMINE_REQUEST_HEAD(struct limine_hhdm_response);
};
struct limine_memmap_request {
	LIMINE_REQUEST_HEAD(struct limine_memmap_response);
};
struct limine_executable_address_request {
	LIMINE_REQUEST_HEAD(struct limine_executable_address_response);
};
struct limine_stack_size_request {
	LIMINE_REQUEST_HEAD(struct limine_stack_size_response);
	uint64_t stack_size;
};
struct limine_bootloader_info_request {
	LIMINE_REQUEST_HEAD(struct limine_bootloader_info_response);
};

#endif
