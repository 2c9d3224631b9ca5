/*
 * The loader scans the image in 8-byte steps for request IDs (PROTOCOL.md: requests may sit
 * anywhere, 8-byte aligned) and writes each response's HHDM address into the request.
 */
#include "respond.h"
#include "arena.h"
#include "limine.h"
#include "memmap.h"
#include "mem.h"

#define LOADER_NAME "pagescope-limine-shim"
#define LOADER_VERSION "1"

static const uint64_t REQUESTS_END[2] = LIMINE_REQUESTS_END;

/* The first 8-byte aligned pair of words (a, b) in the image, stopping at the end marker. */
static uint64_t *find(const struct handover *h, uint64_t a, uint64_t b)
{
	uint64_t *w = (uint64_t *)h->image_phys;
	for (uint64_t i = 0; i + 1 < h->image_size / 8; i++) {
		if (w[i] == REQUESTS_END[0] && w[i + 1] == REQUESTS_END[1])
			break;
		if (w[i] == a && w[i + 1] == b)
			return &w[i];
	}
	return 0;
}

static uint64_t *find_request(const struct handover *h, uint64_t c, uint64_t d)
{
	uint64_t *w = (uint64_t *)h->image_phys;
	for (uint64_t i = 0; i + 3 < h->image_size / 8; i++) {
		if (w[i] == REQUESTS_END[0] && w[i + 1] == REQUESTS_END[1])
			break;
		if (w[i] == LIMINE_MAGIC_A && w[i + 1] == LIMINE_MAGIC_B && w[i + 2] == c &&
		    w[i + 3] == d)
			return &w[i];
	}
	return 0;
}

uint64_t accept_base_revision(const struct handover *h)
{
	uint64_t *tag = find(h, LIMINE_BASE_REVISION_A, LIMINE_BASE_REVISION_B);
	if (!tag)
		return 0;
	uint64_t wanted = tag[2];
	if (wanted >= 1 && wanted <= 3) {
		tag[1] = wanted;
		tag[2] = 0;
	}
	return wanted;
}

/* Request layout: id[4], revision, response pointer, then request-specific fields. */
#define REQ_RESPONSE 5
#define REQ_STACK_SIZE 6

uint64_t requested_stack_size(const struct handover *h)
{
	const uint64_t id[4] = LIMINE_STACK_SIZE_ID;
	uint64_t *req = find_request(h, id[2], id[3]);
	return req && req[REQ_STACK_SIZE] ? req[REQ_STACK_SIZE] : 0x10000;
}

/* A response of `words` 64-bit words in the arena, linked into the request `id`. */
static uint64_t *respond(const struct handover *h, const uint64_t id[4], unsigned words)
{
	uint64_t *req = find_request(h, id[2], id[3]);
	if (!req)
		return 0;
	uint64_t *r = (uint64_t *)arena_alloc(words * 8, 8);
	req[REQ_RESPONSE] = h->hhdm + (uint64_t)r;
	return r;
}

static uint64_t string(const struct handover *h, const char *s)
{
	uint64_t n = strlen(s) + 1;
	char *p = (char *)arena_alloc(n, 1);
	memcpy(p, s, n);
	return h->hhdm + (uint64_t)p;
}

void answer_requests(const struct handover *h)
{
	static const uint64_t hhdm_id[4] = LIMINE_HHDM_ID;
	static const uint64_t memmap_id[4] = LIMINE_MEMMAP_ID;
	static const uint64_t exec_id[4] = LIMINE_EXECUTABLE_ADDRESS_ID;
	static const uint64_t stack_id[4] = LIMINE_STACK_SIZE_ID;
	static const uint64_t info_id[4] = LIMINE_BOOTLOADER_INFO_ID;
	uint64_t *r;

	if ((r = respond(h, hhdm_id, 2)))
		r[1] = h->hhdm;
	if ((r = respond(h, exec_id, 3))) {
		r[1] = h->kernel_phys;
		r[2] = h->kernel_virt;
	}
	respond(h, stack_id, 1);
	if ((r = respond(h, info_id, 3))) {
		r[1] = string(h, LOADER_NAME);
		r[2] = string(h, LOADER_VERSION);
	}
	/* The entries are copied into the arena so the response lives in reclaimable memory
	 * next to the others; the array holds their HHDM addresses. */
	unsigned n = mm_count();
	if ((r = respond(h, memmap_id, 3))) {
		uint64_t *array = (uint64_t *)arena_alloc(n * 8, 8);
		struct limine_memmap_entry *entries = (struct limine_memmap_entry *)arena_alloc(
			n * sizeof *entries, 8);
		for (unsigned i = 0; i < n; i++) {
			entries[i] = *mm_entry(i);
			array[i] = h->hhdm + (uint64_t)&entries[i];
		}
		r[1] = n;
		r[2] = h->hhdm + (uint64_t)array;
	}
}
