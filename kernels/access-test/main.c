/*
 * access-test: a self-checking paging-permission test kernel.
 *
 * One test page (its first byte is `ret`) is reachable through its own chain of paging
 * structures below PML4[1], as a 4 KiB page, a 2 MiB page or a 1 GiB page, all at the same
 * address TEST_BASE + its physical address. For every case the kernel writes the entries,
 * sets CR0.WP, CR4.SMEP, CR4.SMAP, CR4.PKE, PKRU, RFLAGS.AC and EFER.NXE, reloads CR3 (no stale
 * translations or paging-structure caches), makes one access (read, write or fetch) at CPL 0
 * or 3, and prints one line: the case, "->", what happened (no fault, or the exception with
 * its error code) and the leaf's Accessed and Dirty bits afterwards.
 *
 * The kernel also works out what the manuals say must happen (expect() below, after SDM
 * Vol. 3A 4.6, 4.7, 4.8 and APM Vol. 2 5.3-5.6) and, where the two differ, appends
 * "  !! expected <outcome>". The last line counts the cases and the mismatches; then the
 * kernel writes the mismatch count (0 or 1) to QEMU's isa-debug-exit port 0xf4.
 */
#include "layout.h"
#include "support.h"
#include "cpu.h"

#define NX (1UL << 63)
#define PFEC_P 0x1
#define PFEC_W 0x2
#define PFEC_U 0x4
#define PFEC_RSVD 0x8
#define PFEC_I 0x10
#define PFEC_PK 0x20
/* A leaf's protection key: bits 62:59 (4-level paging, CR4.PKE = 1). */
#define PKEY_SHIFT 59

enum kind { READ, WRITE, FETCH, STACK_READ, PUSH };
static const char *const kind_names[] = { "read", "write", "fetch", "stack-read", "push" };

/* The leaf level: 1 GiB pages end the walk at the PDPTE (level 1), 2 MiB at the PDE (2). */
enum { LEAF_1G = 1, LEAF_2M = 2, LEAF_4K = 3 };
static const char *const level_names[] = { "pml4", "pdpt", "pd", "pt" };
static const char *const size_names[] = { "", "1g", "2m", "4k" };

struct env {
	int wp, smep, smap, ac, nxe, cpl;
	int pke; /* CR4.PKE, and PKRU when it is set */
	u32 pkru;
};

/* Entry bits for each level down to the leaf; the builder adds addresses and PS. */
struct spec {
	int leaf;
	u64 e[4];
	struct env env;
	int kind;
};

struct outcome {
	int vector; /* -1: no exception */
	u64 error, cr2, rip;
	int a, d;
};

static int cases, mismatches, skipped;

static u64 test_va(void)
{
	return TEST_BASE + (u64)test_page;
}

static int env_supported(const struct env *e)
{
	return (!e->nxe || features.nx) && (!e->smep || features.smep) &&
	       (!e->smap || features.smap) && (!e->pke || features.pku);
}

static void write_pkru(u32 v)
{
	__asm__ volatile("wrpkru" : : "a"(v), "c"(0), "d"(0) : "memory");
}

static int spec_supported(const struct spec *s)
{
	return env_supported(&s->env) && (s->leaf != LEAF_1G || features.page1g);
}

static void apply_env(const struct env *e)
{
	u64 cr0 = read_cr0() & ~(u64)CR0_WP;
	write_cr0(cr0 | (e->wp ? CR0_WP : 0));
	u64 cr4 = read_cr4() & ~(u64)(CR4_SMEP | CR4_SMAP | CR4_PKE);
	write_cr4(cr4 | (e->smep ? CR4_SMEP : 0) | (e->smap ? CR4_SMAP : 0) |
		  (e->pke ? CR4_PKE : 0));
	if (e->pke)
		write_pkru(e->pkru);
	if (features.nx) {
		u64 efer = rdmsr(MSR_EFER) & ~(u64)EFER_NXE;
		wrmsr(MSR_EFER, efer | (e->nxe ? EFER_NXE : 0));
	}
	write_cr3(read_cr3());
}

static void reset_env(void)
{
	static const struct env base = { .wp = 1, .nxe = 1 };
	apply_env(&base);
}

static u64 *entry_at(int level)
{
	u64 phys = (u64)test_page;
	switch (level) {
	case 0:
		return &pml4[1];
	case 1:
		return &test_pdpt[0];
	case 2:
		return &test_pd[(phys >> 21) & 511];
	default:
		return &test_pt[(phys >> 12) & 511];
	}
}

static void build(const struct spec *s)
{
	u64 phys = (u64)test_page;
	u64 next[4] = { (u64)test_pdpt, (u64)test_pd, (u64)test_pt, phys };
	for (int l = 0; l <= s->leaf; l++) {
		u64 v = s->e[l];
		if (l == s->leaf && l == LEAF_1G)
			v |= PTE_PS; /* physical 0: the 1 GiB page holding the test page */
		else if (l == s->leaf && l == LEAF_2M)
			v |= (phys & ~0x1fffffUL) | PTE_PS;
		else
			v |= next[l];
		*entry_at(l) = v;
	}
}

static u64 access_entry(int kind, int cpl)
{
	static char *const k[] = { k_read, k_write, k_fetch, k_stack_read, k_push };
	static char *const u[] = { u_read, u_write, u_fetch, u_stack_read, u_push };
	return cpl == 3 ? user_address(u[kind]) : (u64)k[kind];
}

static u64 access_insn(int kind, int cpl)
{
	static char *const k[] = { k_read_insn, k_write_insn, k_fetch_insn, k_stack_read_insn,
				   k_push_insn };
	static char *const u[] = { u_read_insn, u_write_insn, u_fetch_insn, u_stack_read_insn,
				   u_push_insn };
	return cpl == 3 ? user_address(u[kind]) : (u64)k[kind];
}

/* Runs one access and reports what the CPU did. */
static struct outcome run(const struct spec *s)
{
	struct outcome o = { .vector = -1 };
	build(s);
	apply_env(&s->env);
	event.vector = -1;
	u64 rflags = RFLAGS_FIXED | (s->env.ac ? RFLAGS_AC : 0);
	if (probe_call(access_entry(s->kind, s->env.cpl), test_va(), s->env.cpl, rflags)) {
		o.vector = event.vector;
		o.error = event.error;
		o.rip = event.rip;
		if (o.vector == 14)
			o.cr2 = event.cr2;
	}
	reset_env();
	u64 leaf = *entry_at(s->leaf);
	o.a = (leaf & PTE_A) != 0;
	o.d = (leaf & PTE_D) != 0;
	return o;
}

/* Bits that must be zero in a present entry at this level (SDM Vol. 3A 4.5, table 4-14 to
 * 4-20; APM Vol. 2 5.3.3): physical-address bits from MAXPHYADDR to 51, NX while
 * EFER.NXE = 0, PS in a PML4E, and the address bits below a large page's base. */
static u64 reserved_bits(int level, int leaf, int nxe)
{
	u64 mask = ((1UL << 52) - 1) & ~((1UL << features.maxphyaddr) - 1);
	if (!nxe)
		mask |= NX;
	if (level == 0)
		mask |= PTE_PS;
	if (level == leaf && leaf == LEAF_1G)
		mask |= 0x3fffe000; /* bits 29:13 */
	if (level == leaf && leaf == LEAF_2M)
		mask |= 0x1fe000; /* bits 20:13 */
	return mask;
}

/*
 * What the manuals say happens. The walk goes from the PML4E down: the first entry that is
 * not present ends it with a #PF, P = 0; the first present entry with a reserved bit set
 * ends it with a #PF, P = 1 and RSVD = 1. Only a complete walk is checked for permissions,
 * which are the AND of R/W and U/S over the levels and the OR of NX (SDM 4.6.1):
 *   CPL 3: needs U/S = 1 everywhere; a write needs R/W = 1; a fetch needs NX = 0.
 *   CPL 0 data: a user page needs SMAP = 0 or RFLAGS.AC = 1; a write needs R/W = 1 or WP = 0.
 *   CPL 0 fetch: needs NX = 0, and a user page needs SMEP = 0.
 *   With CR4.PKE, a data access to a user page (U/S = 1 everywhere) also needs PKRU to allow
 *   the leaf's key: AD = 0, and for a write WD = 0 unless the access is supervisor with
 *   CR0.WP = 0 (SDM 4.6.2). Fetches ignore keys.
 * Error code (SDM 4.7): P, W/R for writes, U/S at CPL 3, RSVD, I/D for fetches only when
 * EFER.NXE = 1 or CR4.SMEP = 1, and PK whenever the key forbids the access (whatever else
 * does too). The leaf's A is set by an access that completes, D by a
 * write that completes; a faulting access leaves them alone (SDM 4.8).
 */
static struct outcome expect(const struct spec *s, u64 insn)
{
	const struct env *e = &s->env;
	int write = s->kind == WRITE, fetch = s->kind == FETCH;
	u64 leaf_bits = s->e[s->leaf];
	struct outcome o = { .vector = -1, .a = (leaf_bits & PTE_A) != 0,
			     .d = (leaf_bits & PTE_D) != 0 };
	u64 code = (write ? PFEC_W : 0) | (e->cpl == 3 ? PFEC_U : 0) |
		   (fetch && (e->nxe || e->smep) ? PFEC_I : 0);
	int user = 1, writable = 1, nx = 0, fault = 0;
	for (int l = 0; l <= s->leaf && !fault; l++) {
		u64 v = s->e[l];
		if (!(v & PTE_P)) {
			fault = 1;
		} else if (v & reserved_bits(l, s->leaf, e->nxe)) {
			code |= PFEC_P | PFEC_RSVD;
			fault = 1;
		}
		user &= (v & PTE_U) != 0;
		writable &= (v & PTE_W) != 0;
		nx |= e->nxe && (v & NX);
	}
	if (!fault) {
		code |= PFEC_P;
		if (e->cpl == 3)
			fault = !user || (write && !writable) || (fetch && nx);
		else if (fetch)
			fault = nx || (user && e->smep);
		else
			fault = (user && e->smap && !e->ac) || (write && !writable && e->wp);
		if (e->pke && user && !fetch) {
			u32 bits = e->pkru >> (2 * ((leaf_bits >> PKEY_SHIFT) & 15));
			if ((bits & 1) || (write && (bits & 2) && (e->cpl == 3 || e->wp))) {
				fault = 1;
				code |= PFEC_PK;
			}
		}
	}
	if (fault) {
		o.vector = 14;
		o.error = code;
		o.cr2 = test_va();
		o.rip = fetch ? test_va() : insn;
	} else {
		o.a = 1;
		o.d |= write;
	}
	return o;
}

static int same(const struct outcome *x, const struct outcome *y)
{
	return x->vector == y->vector && x->error == y->error && x->cr2 == y->cr2 &&
	       x->rip == y->rip && x->a == y->a && x->d == y->d;
}

static const char *const vector_names[] = {
	"DE", "DB", "NMI", "BP", "OF", "BR", "UD", "NM", "DF", "MP", "TS", "NP", "SS", "GP", "PF",
	"15", "MF", "AC", "MC", "XM", "VE", "CP",
};

static void print_rip(u64 rip, u64 insn, u64 target)
{
	if (rip == insn)
		printf("insn");
	else if (rip == target)
		printf("target");
	else
		printf("0x%lx", rip);
}

/* "ok", or the exception and error code; CR2 and RIP only where they are not the usual
 * (CR2 = the test address; RIP = the access, or the test address for a fetch). */
static void print_outcome(const struct outcome *o, const struct outcome *ref, u64 insn)
{
	if (o->vector < 0)
		printf("ok");
	else if (o->vector < 22)
		printf("%s 0x%lx", vector_names[o->vector], o->error);
	else
		printf("vector %d 0x%lx", o->vector, o->error);
	if (o->vector == 14 && o->cr2 != ref->cr2)
		printf(" cr2=0x%lx", o->cr2);
	if (o->vector >= 0 && o->rip != ref->rip) {
		printf(" rip=");
		print_rip(o->rip, insn, test_va());
	}
	printf(" A=%d D=%d", o->a, o->d);
}

static void print_flags(u64 v, int leaf)
{
	putc(v & PTE_P ? 'P' : '.');
	putc(v & PTE_W ? 'W' : '.');
	putc(v & PTE_U ? 'U' : '.');
	putc(v & NX ? 'X' : '.');
	if (leaf) {
		putc(v & PTE_A ? 'A' : '.');
		putc(v & PTE_D ? 'D' : '.');
	}
}

static void print_env(const struct env *e)
{
	printf("wp=%d smep=%d smap=%d ac=%d nxe=%d cpl=%d", e->wp, e->smep, e->smap, e->ac, e->nxe,
	       e->cpl);
}

/* Runs a case and prints "<label> -> <outcome>[  !! expected <outcome>]". The label is
 * printed by `label` so that sections can describe their cases as they like. */
static void check(const struct spec *s, void (*label)(const struct spec *, const char *),
		  const char *name)
{
	if (!spec_supported(s)) {
		skipped++;
		return;
	}
	u64 insn = access_insn(s->kind, s->env.cpl);
	struct outcome got = run(s);
	struct outcome want = expect(s, insn);
	cases++;
	label(s, name);
	printf(" %s -> ", kind_names[s->kind]);
	print_outcome(&got, &want, insn);
	if (!same(&got, &want)) {
		mismatches++;
		printf("  !! expected ");
		print_outcome(&want, &want, insn);
	}
	putc('\n');
}

static void label_entries(const struct spec *s, const char *name)
{
	(void)name;
	printf("%s", size_names[s->leaf]);
	for (int l = 0; l <= s->leaf; l++) {
		printf(" %s=", level_names[l]);
		print_flags(s->e[l], l == s->leaf);
	}
	putc(' ');
	print_env(&s->env);
}

static void label_named(const struct spec *s, const char *name)
{
	printf("rsvd %s nxe=%d smep=%d cpl=%d", name, s->env.nxe, s->env.smep, s->env.cpl);
}

#define ALL (PTE_P | PTE_W | PTE_U)

/* The environments a section runs under. `full`: every combination that matters; CPL 0 gets
 * SMAP with AC 0 and 1, CPL 3 SMAP on and off (it must not matter). Otherwise the short set:
 * WP 0/1 at CPL 0 with SMEP/SMAP off, both on with AC 0, both on with AC 1, and WP 0/1 at
 * CPL 3; NXE = 1. */
static int envs(struct env *out, int full)
{
	int n = 0;
	if (full) {
		for (int wp = 0; wp < 2; wp++)
			for (int smep = 0; smep < 2; smep++)
				for (int sa = 0; sa < 3; sa++)
					for (int nxe = 0; nxe < 2; nxe++)
						out[n++] = (struct env){ wp, smep, sa > 0, sa == 2, nxe, 0 };
		for (int wp = 0; wp < 2; wp++)
			for (int smep = 0; smep < 2; smep++)
				for (int smap = 0; smap < 2; smap++)
					for (int nxe = 0; nxe < 2; nxe++)
						out[n++] = (struct env){ wp, smep, smap, 0, nxe, 3 };
		return n;
	}
	for (int wp = 0; wp < 2; wp++)
		for (int sa = 0; sa < 3; sa++)
			out[n++] = (struct env){ wp, sa > 0, sa > 0, sa == 2, 1, 0 };
	for (int wp = 0; wp < 2; wp++)
		out[n++] = (struct env){ wp, 0, 0, 0, 1, 3 };
	return n;
}

/* The leaf's own bits: not present, then P with every R/W, U/S, NX. */
static u64 leaf_variant(int i)
{
	if (i == 0)
		return PTE_W | PTE_U;
	i--;
	return PTE_P | (i & 1 ? PTE_W : 0) | (i & 2 ? PTE_U : 0) | (i & 4 ? NX : 0);
}

static void section_leaf(int leaf, int full)
{
	struct env list[40];
	int n = envs(list, full);
	for (int v = 0; v < 9; v++)
		for (int i = 0; i < n; i++)
			for (int k = READ; k <= FETCH; k++) {
				struct spec s = { .leaf = leaf, .e = { ALL, ALL, ALL, ALL } };
				s.e[leaf] = leaf_variant(v);
				s.env = list[i];
				s.kind = k;
				check(&s, label_entries, 0);
			}
}

/* One non-leaf level at a time takes every variant; the rest allow everything. */
static void section_upper(void)
{
	struct env list[40];
	int n = envs(list, 0);
	for (int l = 0; l < LEAF_4K; l++)
		for (int v = 0; v < 9; v++)
			for (int i = 0; i < n; i++)
				for (int k = READ; k <= FETCH; k++) {
					struct spec s = { .leaf = LEAF_4K, .e = { ALL, ALL, ALL, ALL } };
					s.e[l] = leaf_variant(v);
					s.env = list[i];
					s.kind = k;
					check(&s, label_entries, 0);
				}
}

/* Accessed and Dirty: every starting A/D on read-only and writable leaves of each size. */
static void section_accessed_dirty(void)
{
	for (int leaf = LEAF_1G; leaf <= LEAF_4K; leaf++)
		for (int w = 0; w < 2; w++)
			for (int ad = 0; ad < 4; ad++)
				for (int cpl = 0; cpl <= 3; cpl += 3)
					for (int k = READ; k <= FETCH; k++) {
						struct spec s = { .leaf = leaf, .e = { ALL, ALL, ALL, ALL } };
						s.e[leaf] = PTE_P | PTE_U | (w ? PTE_W : 0) |
							    (ad & 1 ? PTE_A : 0) | (ad & 2 ? PTE_D : 0);
						s.env = (struct env){ .wp = 1, .nxe = 1, .cpl = cpl };
						s.kind = k;
						check(&s, label_entries, 0);
					}
}

static void label_pkey(const struct spec *s, const char *name)
{
	(void)name;
	u64 leaf = s->e[s->leaf];
	printf("pkey %s key=%lu leaf=", size_names[s->leaf], (leaf >> PKEY_SHIFT) & 15);
	print_flags(leaf, 0);
	printf(" pke=%d pkru=%08x wp=%d smap=%d ac=%d cpl=%d", s->env.pke, s->env.pkru, s->env.wp,
	       s->env.smap, s->env.ac, s->env.cpl);
}

/*
 * Protection keys (SDM Vol. 3A 4.6.2; APM Vol. 2 "Memory Protection Keys"): the test page's
 * leaf carries key 3 (key 15 for the large leaves). PKRU values: none, AD3, WD3, both, and
 * bits of keys 1-2 and 4-15 only (key 0 is the probes' own user code and stack, so its bits
 * stay clear); user-writable, user-read-only and supervisor leaves; WP 0/1 at
 * CPL 0 and 3; then SMAP with AC 0/1 at CPL 0, and CR4.PKE = 0 with AD3 | WD3.
 */
static void section_pkeys(void)
{
	static const u32 pkrus[] = { 0, 0x40, 0x80, 0xc0, 0x3fffff3c };
	static const u64 leaves[] = { ALL, PTE_P | PTE_U, PTE_P | PTE_W };
	for (int p = 0; p < 5; p++)
		for (int l = 0; l < 3; l++)
			for (int cpl = 0; cpl <= 3; cpl += 3)
				for (int wp = 0; wp < 2; wp++)
					for (int k = READ; k <= FETCH; k++) {
						struct spec s = { .leaf = LEAF_4K, .e = { ALL, ALL, ALL, 0 } };
						s.e[LEAF_4K] = leaves[l] | 3UL << PKEY_SHIFT;
						s.env = (struct env){ .wp = wp, .nxe = 1, .cpl = cpl, .pke = 1,
								      .pkru = pkrus[p] };
						s.kind = k;
						check(&s, label_pkey, 0);
					}
	for (int sa = 1; sa < 3; sa++)
		for (int p = 1; p < 4; p++)
			for (int k = READ; k <= WRITE; k++) {
				struct spec s = { .leaf = LEAF_4K, .e = { ALL, ALL, ALL, 0 } };
				s.e[LEAF_4K] = ALL | 3UL << PKEY_SHIFT;
				s.env = (struct env){ .wp = 1, .smap = 1, .ac = sa == 2, .nxe = 1, .pke = 1,
						      .pkru = pkrus[p] };
				s.kind = k;
				check(&s, label_pkey, 0);
			}
	for (int leaf = LEAF_1G; leaf <= LEAF_4K; leaf++)
		for (int cpl = 0; cpl <= 3; cpl += 3)
			for (int k = READ; k <= FETCH; k++) {
				u64 key = leaf == LEAF_4K ? 3 : 15;
				struct spec s = { .leaf = leaf, .e = { ALL, ALL, ALL, ALL } };
				s.e[leaf] = ALL | key << PKEY_SHIFT;
				s.env = (struct env){ .wp = 1, .nxe = 1, .cpl = cpl, .pke = leaf == LEAF_4K ? 0 : 1,
						      .pkru = 0xc00000c0 };
				s.kind = k;
				check(&s, label_pkey, 0);
			}
}

struct reserved_case {
	const char *name;
	int leaf, nxe, smep;
	u64 extra[4]; /* bits ORed into ALL at each level */
	u64 clear[4]; /* bits removed from ALL at each level */
};

static void section_reserved(void)
{
	u64 m = 1UL << features.maxphyaddr;
	const struct reserved_case list[] = {
		{ "pml4e.maxphyaddr", LEAF_4K, 1, 0, { m, 0, 0, 0 } },
		{ "pdpte.maxphyaddr", LEAF_4K, 1, 0, { 0, m, 0, 0 } },
		{ "pde.maxphyaddr", LEAF_4K, 1, 0, { 0, 0, m, 0 } },
		{ "pte.maxphyaddr", LEAF_4K, 1, 0, { 0, 0, 0, m } },
		{ "pte.bit51", LEAF_4K, 1, 0, { 0, 0, 0, 1UL << 51 } },
		{ "2m-pde.maxphyaddr", LEAF_2M, 1, 0, { 0, 0, m, 0 } },
		{ "1g-pdpte.maxphyaddr", LEAF_1G, 1, 0, { 0, m, 0, 0 } },
		{ "2m-pde.bit13", LEAF_2M, 1, 0, { 0, 0, 1UL << 13, 0 } },
		{ "1g-pdpte.bit13", LEAF_1G, 1, 0, { 0, 1UL << 13, 0, 0 } },
		{ "pml4e.ps", LEAF_4K, 1, 0, { PTE_PS, 0, 0, 0 } },
		{ "pml4e.nx", LEAF_4K, 0, 0, { NX, 0, 0, 0 } },
		{ "pdpte.nx", LEAF_4K, 0, 0, { 0, NX, 0, 0 } },
		{ "pde.nx", LEAF_4K, 0, 0, { 0, 0, NX, 0 } },
		{ "pte.nx", LEAF_4K, 0, 0, { 0, 0, 0, NX } },
		{ "pte.nx", LEAF_4K, 0, 1, { 0, 0, 0, NX } },
		{ "2m-pde.nx", LEAF_2M, 0, 0, { 0, 0, NX, 0 } },
		{ "1g-pdpte.nx", LEAF_1G, 0, 0, { 0, NX, 0, 0 } },
		{ "pte.maxphyaddr+not-present", LEAF_4K, 1, 0, { 0, 0, 0, m }, { 0, 0, 0, PTE_P } },
		{ "pte.maxphyaddr+pml4e.supervisor", LEAF_4K, 1, 0, { 0, 0, 0, m }, { PTE_U, 0, 0, 0 } },
		{ "pte.maxphyaddr+pde.read-only", LEAF_4K, 1, 0, { 0, 0, 0, m }, { 0, 0, PTE_W, 0 } },
		{ "pde.maxphyaddr+pte.not-present", LEAF_4K, 1, 0, { 0, 0, m, 0 }, { 0, 0, 0, PTE_P } },
		{ "pde.not-present+pte.maxphyaddr", LEAF_4K, 1, 0, { 0, 0, 0, m }, { 0, 0, PTE_P, 0 } },
	};
	for (u64 c = 0; c < sizeof(list) / sizeof(list[0]); c++)
		for (int cpl = 0; cpl <= 3; cpl += 3)
			for (int k = READ; k <= FETCH; k++) {
				const struct reserved_case *r = &list[c];
				struct spec s = { .leaf = r->leaf };
				for (int l = 0; l < 4; l++)
					s.e[l] = (ALL | r->extra[l]) & ~r->clear[l];
				s.env = (struct env){ .wp = 1, .smep = r->smep, .nxe = r->nxe, .cpl = cpl };
				s.kind = k;
				check(&s, label_named, r->name);
			}
}

/* A probe that needs no paging set-up: prints its line and checks vector, error and RIP. */
static void check_direct(const char *label, u64 entry, u64 insn, u64 arg, int cpl,
			 int want_vector, u64 want_rip)
{
	cases++;
	event.vector = -1;
	int faulted = probe_call(entry, arg, cpl, RFLAGS_FIXED);
	struct outcome got = { .vector = -1 }, want = { .vector = want_vector, .rip = want_rip };
	if (faulted) {
		got.vector = event.vector;
		got.error = event.error;
		got.rip = event.rip;
		if (got.vector == 14)
			got.cr2 = event.cr2;
	}
	if (want_vector == 14)
		want.cr2 = arg, want.error = cpl == 3 ? PFEC_U : 0;
	printf("%s cpl=%d -> ", label, cpl);
	for (int pass = 0; pass < 2; pass++) {
		const struct outcome *o = pass ? &want : &got;
		if (o->vector < 0) {
			printf("ok");
		} else {
			printf("%s 0x%lx", o->vector < 22 ? vector_names[o->vector] : "?", o->error);
			if (o->vector == 14 && o->cr2 != arg)
				printf(" cr2=0x%lx", o->cr2);
			printf(" @");
			print_rip(o->rip, insn, arg);
		}
		if (pass || same(&got, &want))
			break;
		mismatches++;
		printf("  !! expected ");
	}
	putc('\n');
}

/*
 * Non-canonical addresses (SDM Vol. 3A 6.15 #GP and #SS; APM Vol. 2 8.2.13/8.2.14): a data
 * access or fetch through a non-canonical address raises #GP(0), one through RSP or RBP (the
 * SS segment) #SS(0), at the instruction. A canonical upper-half address goes to paging.
 */
static void section_noncanonical(void)
{
	static const u64 addrs[] = { 0x0000800000000000UL, 0xffff7ffffffff000UL };
	char label[64];
	for (int a = 0; a < 2; a++)
		for (int cpl = 0; cpl <= 3; cpl += 3)
			for (int k = READ; k <= PUSH; k++) {
				const char *p = "noncanonical ";
				int n = 0;
				while (*p)
					label[n++] = *p++;
				for (int sh = 60; sh >= 0; sh -= 4)
					label[n++] = "0123456789abcdef"[(addrs[a] >> sh) & 15];
				label[n++] = ' ';
				for (p = kind_names[k]; *p;)
					label[n++] = *p++;
				label[n] = 0;
				int vector = k >= STACK_READ ? 12 : 13;
				check_direct(label, access_entry(k, cpl), access_insn(k, cpl), addrs[a], cpl,
					     vector, access_insn(k, cpl));
			}
	for (int cpl = 0; cpl <= 3; cpl += 3)
		check_direct("canonical ffff800000000000 read (not mapped)", access_entry(READ, cpl),
			     access_insn(READ, cpl), 0xffff800000000000UL, cpl, 14,
			     access_insn(READ, cpl));

	/* FS base + offset past the canonical boundary: #GP(0) (SDM Vol. 3A 3.4.4.1). */
	wrmsr(MSR_FS_BASE, 0x00007ffffffff000UL);
	check_direct("fs_base=00007ffffffff000 fs:0x1000 read", (u64)fs_read, (u64)fs_read_insn,
		     0x1000, 0, 13, (u64)fs_read_insn);
	wrmsr(MSR_FS_BASE, 0);

	/* WRMSR of a non-canonical base: #GP(0) (SDM Vol. 4 table 2-2, WRMSR; APM Vol. 3 WRMSR).
	 * Bit 63 alone is non-canonical at every linear-address width (48 or 57). */
	static const struct {
		const char *label;
		u32 msr;
	} msrs[] = {
		{ "wrmsr fs_base=8000000000000000", MSR_FS_BASE },
		{ "wrmsr gs_base=8000000000000000", MSR_GS_BASE },
		{ "wrmsr kernel_gs_base=8000000000000000", MSR_KERNEL_GS_BASE },
	};
	for (int i = 0; i < 3; i++) {
		probe_msr = msrs[i].msr;
		check_direct(msrs[i].label, (u64)k_wrmsr, (u64)k_wrmsr_insn, 0x8000000000000000UL, 0,
			     13, (u64)k_wrmsr_insn);
		wrmsr(msrs[i].msr, 0);
	}
}

void kmain(void)
{
	serial_init();
	cpu_init();
	test_page[0] = 0xc3; /* ret */
	printf("access-test: paging permissions, one access a line\n");
	printf("cpu: nx=%d pdpe1gb=%d smep=%d smap=%d pku=%d maxphyaddr=%d\n", features.nx,
	       features.page1g, features.smep, features.smap, features.pku, features.maxphyaddr);
	if (!features.nx)
		printf("unsupported: nx (cases with EFER.NXE = 1 are left out)\n");
	if (!features.page1g)
		printf("unsupported: 1 GiB pages (1g cases are left out)\n");
	if (!features.smep)
		printf("unsupported: smep (cases with CR4.SMEP = 1 are left out)\n");
	if (!features.smap)
		printf("unsupported: smap (cases with CR4.SMAP = 1 are left out)\n");
	if (!features.pku)
		printf("unsupported: pku (cases with CR4.PKE = 1 are left out)\n");
	printf("format: <leaf size> <entry>=PWUX[AD] (P, R/W, U/S, NX, and the leaf's A, D) <env> "
	       "<access> -> ok | <exception> <error code>, then the leaf's A and D\n");

	printf("section: 4 KiB leaf, every environment\n");
	section_leaf(LEAF_4K, 1);
	printf("section: one upper level restricted, 4 KiB leaf\n");
	section_upper();
	printf("section: 2 MiB leaf\n");
	section_leaf(LEAF_2M, 0);
	printf("section: 1 GiB leaf\n");
	section_leaf(LEAF_1G, 0);
	printf("section: accessed and dirty\n");
	section_accessed_dirty();
	printf("section: reserved bits (maxphyaddr = bit MAXPHYADDR)\n");
	section_reserved();
	printf("section: canonical addresses\n");
	section_noncanonical();
	printf("section: protection keys (leaf key, CR4.PKE, PKRU)\n");
	section_pkeys();

	printf("access-test: %d cases, %d mismatches, %d unsupported\n", cases, mismatches, skipped);
	exit_qemu(mismatches ? 1 : 0);
}
