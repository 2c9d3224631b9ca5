#include "elf.h"

int elf_open(struct elf_image *img, const void *file, uint64_t size)
{
	const struct elf64_header *h = file;
	if (size < sizeof *h || h->ident[0] != 0x7f || h->ident[1] != 'E' || h->ident[2] != 'L' ||
	    h->ident[3] != 'F' || h->ident[4] != 2 /* 64-bit */ || h->machine != EM_X86_64 ||
	    h->phentsize != sizeof(struct elf64_phdr) ||
	    h->phoff + (uint64_t)h->phnum * sizeof(struct elf64_phdr) > size)
		return 0;
	img->header = h;
	img->phdrs = (const struct elf64_phdr *)((const char *)file + h->phoff);
	img->low = ~0ull;
	img->high = 0;
	for (unsigned i = 0; i < h->phnum; i++) {
		const struct elf64_phdr *p = &img->phdrs[i];
		if (p->type != PT_LOAD || p->memsz == 0)
			continue;
		if (p->offset + p->filesz > size)
			return 0;
		uint64_t lo = p->vaddr & ~0xfffull, hi = (p->vaddr + p->memsz + 0xfff) & ~0xfffull;
		if (lo < img->low)
			img->low = lo;
		if (hi > img->high)
			img->high = hi;
	}
	return img->high > img->low;
}
