/* ELF64 executables (System V gABI): just what loading by program headers needs. */
#ifndef SHIM_ELF_H
#define SHIM_ELF_H
#include <stdint.h>

struct elf64_header {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

#define PT_LOAD 1
#define PF_X 1
#define PF_W 2
#define EM_X86_64 62

/* The loadable span of an ELF64 x86-64 executable in memory at `file`, or 0 if it is not one. */
struct elf_image {
	const struct elf64_header *header;
	const struct elf64_phdr *phdrs;
	uint64_t low, high; /* page-aligned bounds of the PT_LOAD segments */
};

int elf_open(struct elf_image *img, const void *file, uint64_t size);

#endif
