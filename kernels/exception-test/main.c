/*
 * exception-test: raises each exception from CPL 0 and CPL 3 (64-bit, and compatibility mode
 * for the instructions that only exist there), through interrupt gates with and without an
 * IST stack, and prints one line per event with what the handler saw:
 *
 *   <name> <mode> ist=<n> -> <vector>[ err=<error code>] rip=<insn|next|address>
 *       cs=<pushed CS> rfl=<pushed RFLAGS> ss=<pushed SS> rsp=<pushed RSP - RSP at the
 *       instruction> stack=<where the frame is> hss=<SS in the handler>[ cr2=][ dr6=]
 *
 * cr2 is printed for #PF, dr6 (B0-B3, BD, BS, BT; cleared before each probe) for #DB.
 * rip=insn: the frame points at the instruction (a fault); rip=next: after it (a trap).
 * stack=probe-0x10 is the interrupted CPL-0 stack (RSP = top - 8, aligned down to 16 before
 * the push); rsp0 and ist1..ist3 are the TSS stacks. The kernel also works out what the
 * manuals say the line must be and appends "  !! expected ..." where it differs; the last
 * line counts cases and mismatches, and the count (0 or 1) goes to the exit port 0xf4.
 *
 * A Multiboot command line "skip=<tag>[@<mode>],..." leaves probes out (one line each says
 * so). Nothing needs it on QEMU's TCG or on pagescope; the reference run under this project's
 * nested KVM does (docs/qemu-differences.md).
 */
#include "cpu.h"

enum arg_kind {
	ARG_NONE,
	ARG_NONCANONICAL,  /* 0x0000800000000000 */
	ARG_UNMAPPED,      /* 0xffff800000000000: PML4[256] is empty */
	ARG_UNMAPPED_STACK, /* 0xffff800000001000 */
	ARG_RO_PAGE,       /* USER_RO_PAGE: user, read-only */
	ARG_MISALIGNED,    /* USER_STACK_PAGE + 0x100 (the snippet adds 1) */
	ARG_SEL_NP,        /* 0x48 at CPL 0, 0x53 at CPL 3: not-present data segments */
	ARG_SEL_BEYOND,    /* 0xfff8 | RPL: past the GDT limit */
	ARG_FX_IMAGE,      /* sn_fx_image, sn_fcw, sn_xm_data, sn_bounds in the mode's alias */
	ARG_FCW,
	ARG_XM_DATA,
	ARG_BOUNDS,
};

enum setup_kind {
	SETUP_NONE,
	SETUP_TS,           /* CR0.TS = 1 */
	SETUP_GP_GATE_NP,   /* the #GP gate is not present */
	SETUP_TSS_LIMIT,    /* TSS limit 0x2b: RSP0 and IST1 inside, IST2 outside; #UD on IST2.
			     * #UD is benign, so the #TS it meets is delivered, not a #DF. */
	SETUP_AM,           /* CR0.AM = 1 */
	SETUP_NO_OSXMMEXCPT, /* CR4.OSXMMEXCPT = 0 */
};

#define VARY -1 /* run with the gate's IST = 0 and = 1 */

struct probe {
	const char *name;
	int mode;
	const char *tag; /* the snippet's name; the command line's skip= list names tags */
	char *entry, *insn, *next;
	int arg, setup;
	u64 rflags;  /* ORed into the probe's RFLAGS */
	int vector;  /* expected; -1: none */
	u32 error;
	int trap;    /* expected RIP after the instruction */
	int ist;     /* VARY, or the IST the expected vector's gate keeps */
};

#define SN(x) #x, sn_##x, sn_##x##_insn, sn_##x##_next
#define DECLARE(x) extern char sn_##x[], sn_##x##_insn[], sn_##x##_next[]
DECLARE(de);
DECLARE(int1);
DECLARE(step);
DECLARE(bp);
DECLARE(into64);
DECLARE(bound64);
DECLARE(ud);
DECLARE(fninit);
DECLARE(movaps);
DECLARE(read);
DECLARE(write);
DECLARE(stack_read);
DECLARE(pf_stack);
DECLARE(load_ds);
DECLARE(load_ss);
DECLARE(int82);
DECLARE(int83);
DECLARE(hlt);
DECLARE(mf);
DECLARE(mf_fdiv);
DECLARE(ac);
DECLARE(xm);
DECLARE(into);
DECLARE(bound);
extern char sn_return_hlt[], sn_return32_hlt[], sn_fx_image[], sn_fcw[], sn_xm_data[], sn_bounds[];

#define R0 MODE_R0
#define R3 MODE_R3
#define R0C MODE_R0C
#define R3C MODE_R3C

static const struct probe probes[] = {
	{ "#DE div by 0", R0, SN(de), ARG_NONE, SETUP_NONE, 0, 0, 0, 0, VARY },
	{ "#DE div by 0", R3, SN(de), ARG_NONE, SETUP_NONE, 0, 0, 0, 0, VARY },
	{ "#DB int1", R0, SN(int1), ARG_NONE, SETUP_NONE, 0, 1, 0, 1, VARY },
	{ "#DB int1", R3, SN(int1), ARG_NONE, SETUP_NONE, 0, 1, 0, 1, VARY },
	{ "#DB single step (TF)", R0, SN(step), ARG_NONE, SETUP_NONE, 0, 1, 0, 1, VARY },
	{ "#DB single step (TF)", R3, SN(step), ARG_NONE, SETUP_NONE, 0, 1, 0, 1, VARY },
	{ "#BP int3", R0, SN(bp), ARG_NONE, SETUP_NONE, 0, 3, 0, 1, VARY },
	{ "#BP int3", R3, SN(bp), ARG_NONE, SETUP_NONE, 0, 3, 0, 1, VARY },
	{ "#OF into with OF=1", R0C, SN(into), ARG_NONE, SETUP_NONE, RFLAGS_OF, 4, 0, 1, VARY },
	{ "#OF into with OF=1", R3C, SN(into), ARG_NONE, SETUP_NONE, RFLAGS_OF, 4, 0, 1, VARY },
	{ "#UD into in 64-bit mode", R0, SN(into64), ARG_NONE, SETUP_NONE, RFLAGS_OF, 6, 0, 0, VARY },
	{ "#UD into in 64-bit mode", R3, SN(into64), ARG_NONE, SETUP_NONE, RFLAGS_OF, 6, 0, 0, VARY },
	{ "#BR bound out of range", R0C, SN(bound), ARG_BOUNDS, SETUP_NONE, 0, 5, 0, 0, VARY },
	{ "#BR bound out of range", R3C, SN(bound), ARG_BOUNDS, SETUP_NONE, 0, 5, 0, 0, VARY },
	{ "#UD bound in 64-bit mode", R0, SN(bound64), ARG_BOUNDS, SETUP_NONE, 0, 6, 0, 0, VARY },
	{ "#UD ud2", R0, SN(ud), ARG_NONE, SETUP_NONE, 0, 6, 0, 0, VARY },
	{ "#UD ud2", R3, SN(ud), ARG_NONE, SETUP_NONE, 0, 6, 0, 0, VARY },
	{ "#NM fninit with CR0.TS", R0, SN(fninit), ARG_NONE, SETUP_TS, 0, 7, 0, 0, VARY },
	{ "#NM fninit with CR0.TS", R3, SN(fninit), ARG_NONE, SETUP_TS, 0, 7, 0, 0, VARY },
	{ "#NM movaps with CR0.TS", R0, SN(movaps), ARG_NONE, SETUP_TS, 0, 7, 0, 0, VARY },
	{ "#NM movaps with CR0.TS", R3, SN(movaps), ARG_NONE, SETUP_TS, 0, 7, 0, 0, VARY },
	{ "#DF #GP through a not-present #GP gate", R0, SN(read), ARG_NONCANONICAL,
	  SETUP_GP_GATE_NP, 0, 8, 0, 0, 3 },
	{ "#DF #GP through a not-present #GP gate", R3, SN(read), ARG_NONCANONICAL,
	  SETUP_GP_GATE_NP, 0, 8, 0, 0, 3 },
	{ "#DF #PF pushing its frame on an unmapped stack", R0, SN(pf_stack), ARG_UNMAPPED_STACK,
	  SETUP_NONE, 0, 8, 0, 0, 3 },
	{ "#TS #UD through an IST slot past the TSS limit", R0, SN(ud), ARG_NONE, SETUP_TSS_LIMIT,
	  0, 10, SEL_TSS | 1, 0, VARY },
	{ "#TS #UD through an IST slot past the TSS limit", R3, SN(ud), ARG_NONE, SETUP_TSS_LIMIT,
	  0, 10, SEL_TSS | 1, 0, VARY },
	{ "#NP mov ds, not-present segment", R0, SN(load_ds), ARG_SEL_NP, SETUP_NONE, 0, 11,
	  SEL_NP_DPL0, 0, VARY },
	{ "#NP mov ds, not-present segment", R3, SN(load_ds), ARG_SEL_NP, SETUP_NONE, 0, 11,
	  SEL_NP_DPL3, 0, VARY },
	{ "#NP int 0x82, not-present gate", R0, SN(int82), ARG_NONE, SETUP_NONE, 0, 11,
	  0x82 * 8 + 2, 0, VARY },
	{ "#NP int 0x82, not-present gate", R3, SN(int82), ARG_NONE, SETUP_NONE, 0, 11,
	  0x82 * 8 + 2, 0, VARY },
	{ "#SS mov ss, not-present segment", R0, SN(load_ss), ARG_SEL_NP, SETUP_NONE, 0, 12,
	  SEL_NP_DPL0, 0, VARY },
	{ "#SS mov ss, not-present segment", R3, SN(load_ss), ARG_SEL_NP, SETUP_NONE, 0, 12,
	  SEL_NP_DPL3, 0, VARY },
	{ "#SS non-canonical rbp-based read", R0, SN(stack_read), ARG_NONCANONICAL, SETUP_NONE, 0,
	  12, 0, 0, VARY },
	{ "#SS non-canonical rbp-based read", R3, SN(stack_read), ARG_NONCANONICAL, SETUP_NONE, 0,
	  12, 0, 0, VARY },
	{ "#GP mov ds, selector past the GDT limit", R0, SN(load_ds), ARG_SEL_BEYOND, SETUP_NONE, 0,
	  13, 0xfff8, 0, VARY },
	{ "#GP mov ds, selector past the GDT limit", R3, SN(load_ds), ARG_SEL_BEYOND, SETUP_NONE, 0,
	  13, 0xfff8, 0, VARY },
	{ "#GP non-canonical read", R0, SN(read), ARG_NONCANONICAL, SETUP_NONE, 0, 13, 0, 0, VARY },
	{ "#GP non-canonical read", R3, SN(read), ARG_NONCANONICAL, SETUP_NONE, 0, 13, 0, 0, VARY },
	{ "#GP int 0x83 through a DPL-0 gate", R3, SN(int83), ARG_NONE, SETUP_NONE, 0, 13,
	  0x83 * 8 + 2, 0, VARY },
	{ "#GP hlt", R3, SN(hlt), ARG_NONE, SETUP_NONE, 0, 13, 0, 0, VARY },
	{ "#PF read, not present", R0, SN(read), ARG_UNMAPPED, SETUP_NONE, 0, 14, 0, 0, VARY },
	{ "#PF read, not present", R3, SN(read), ARG_UNMAPPED, SETUP_NONE, 0, 14, 4, 0, VARY },
	{ "#PF write, read-only page", R0, SN(write), ARG_RO_PAGE, SETUP_NONE, 0, 14, 3, 0, VARY },
	{ "#PF write, read-only page", R3, SN(write), ARG_RO_PAGE, SETUP_NONE, 0, 14, 7, 0, VARY },
	{ "#MF fwait, pending ZE from fxrstor", R0, SN(mf), ARG_FX_IMAGE, SETUP_NONE, 0, 16, 0, 0,
	  VARY },
	{ "#MF fwait, pending ZE from fxrstor", R3, SN(mf), ARG_FX_IMAGE, SETUP_NONE, 0, 16, 0, 0,
	  VARY },
	{ "#MF fwait after fdiv 1/0, ZE unmasked", R0, SN(mf_fdiv), ARG_FCW, SETUP_NONE, 0, 16, 0,
	  0, VARY },
	{ "#MF fwait after fdiv 1/0, ZE unmasked", R3, SN(mf_fdiv), ARG_FCW, SETUP_NONE, 0, 16, 0,
	  0, VARY },
	{ "#AC misaligned read, CR0.AM and RFLAGS.AC", R3, SN(ac), ARG_MISALIGNED, SETUP_AM,
	  RFLAGS_AC, 17, 0, 0, VARY },
	{ "none: misaligned read, CR0.AM and RFLAGS.AC", R0, SN(ac), ARG_MISALIGNED, SETUP_AM,
	  RFLAGS_AC, -1, 0, 0, 0 },
	{ "#XM divss 1/0, ZE unmasked", R0, SN(xm), ARG_XM_DATA, SETUP_NONE, 0, 19, 0, 0, VARY },
	{ "#XM divss 1/0, ZE unmasked", R3, SN(xm), ARG_XM_DATA, SETUP_NONE, 0, 19, 0, 0, VARY },
	{ "#UD divss 1/0, ZE unmasked, CR4.OSXMMEXCPT=0", R0, SN(xm), ARG_XM_DATA,
	  SETUP_NO_OSXMMEXCPT, 0, 6, 0, 0, VARY },
};

static const u64 mode_cs[] = { SEL_KCODE, SEL_UCODE64 | 3, SEL_KCODE32, SEL_UCODE32 | 3 };
static const char *const vector_names[] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "#09", "#TS", "#NP", "#SS",
	"#GP", "#PF", "#15", "#MF", "#AC", "#MC", "#XM", "#VE", "#CP",
};

static const char *const mode_names[] = { "r0", "r3", "r0-compat", "r3-compat" };
static int cases, mismatches, skipped;
extern u64 multiboot_info;

/* Whether `s` (ending at ',', ' ' or NUL) is exactly `word`; returns the length matched. */
static int word_is(const char *s, const char *word)
{
	int n = 0;
	while (word[n] && s[n] == word[n])
		n++;
	return word[n] ? 0 : n;
}

/*
 * Whether the Multiboot command line's "skip=a,b@r0,..." names this probe: a tag alone skips
 * it in every mode, tag@mode in that mode. The reference runs under this project's nested
 * KVM use it for the probes that hypervisor emulates and cannot finish (docs/qemu-differences.md).
 */
static int skipped_by_cmdline(const char *tag, const char *mode)
{
	const u32 *info = (const u32 *)multiboot_info;
	if (!info || !(info[0] & 4))
		return 0;
	const char *s = (const char *)(u64)info[4];
	for (; *s; s++) {
		int n = word_is(s, "skip=");
		if (!n)
			continue;
		for (s += n; *s && *s != ' ';) {
			int m = word_is(s, tag);
			if (m && (s[m] == ',' || s[m] == ' ' || !s[m]))
				return 1;
			if (m && s[m] == '@') {
				int k = word_is(s + m + 1, mode);
				char end = s[m + 1 + k];
				if (k && (end == ',' || end == ' ' || !end))
					return 1;
			}
			while (*s && *s != ',' && *s != ' ')
				s++;
			if (*s == ',')
				s++;
		}
		return 0;
	}
	return 0;
}

static int is_user(int mode)
{
	return mode == MODE_R3 || mode == MODE_R3C;
}

static u64 alias(const void *symbol, int mode)
{
	return is_user(mode) ? user_address(symbol) : (u64)symbol;
}

static u64 probe_arg(const struct probe *p)
{
	switch (p->arg) {
	case ARG_NONCANONICAL:
		return 0x0000800000000000UL;
	case ARG_UNMAPPED:
		return 0xffff800000000000UL;
	case ARG_UNMAPPED_STACK:
		return 0xffff800000001000UL;
	case ARG_RO_PAGE:
		return USER_RO_PAGE;
	case ARG_MISALIGNED:
		return USER_STACK_PAGE + 0x100;
	case ARG_SEL_NP:
		return is_user(p->mode) ? SEL_NP_DPL3 | 3 : SEL_NP_DPL0;
	case ARG_SEL_BEYOND:
		return is_user(p->mode) ? 0xfffb : 0xfff8;
	case ARG_FX_IMAGE:
		return alias(sn_fx_image, p->mode);
	case ARG_FCW:
		return alias(sn_fcw, p->mode);
	case ARG_XM_DATA:
		return alias(sn_xm_data, p->mode);
	case ARG_BOUNDS:
		return alias(sn_bounds, p->mode);
	}
	return 0;
}

static void setup(const struct probe *p, int ist)
{
	switch (p->setup) {
	case SETUP_TS:
		write_cr0(read_cr0() | CR0_TS);
		break;
	case SETUP_GP_GATE_NP:
		set_gate(13, 0, 0, 0);
		break;
	case SETUP_TSS_LIMIT:
		tss_load(0x2b);
		set_gate(6, 1, 0, 2);
		break;
	case SETUP_AM:
		write_cr0(read_cr0() | CR0_AM);
		break;
	case SETUP_NO_OSXMMEXCPT:
		write_cr4(read_cr4() & ~(u64)CR4_OSXMMEXCPT);
		break;
	}
	if (p->vector >= 0 && p->ist != 3)
		set_gate(p->vector, 1, p->vector == 3 || p->vector == 4 ? 3 : 0, ist);
}

/* Puts back everything a probe may have changed. */
static void teardown(const struct probe *p)
{
	u32 mxcsr_default = 0x1f80;
	write_cr0(read_cr0() & ~(u64)(CR0_TS | CR0_AM));
	write_cr4(read_cr4() | CR4_OSXMMEXCPT);
	__asm__ volatile("fninit");
	if (p->insn == sn_xm_insn)
		__asm__ volatile("ldmxcsr %0" : : "m"(mxcsr_default));
	if (p->setup == SETUP_TSS_LIMIT)
		tss_load(0x67);
	for (int v = 0; v < 22; v++)
		set_gate(v, 1, v == 3 || v == 4 ? 3 : 0, v == 8 ? 3 : 0);
	write_dr6(0xffff0ff0);
}

/* Fields compared between what happened and what the manuals say. */
struct seen {
	int vector;
	u64 error, rip, cs, rflags, ss, rsp, frame, handler_ss, cr2, dr6;
};

static int has_error_code(int vector)
{
	return vector == 8 || (vector >= 10 && vector <= 14) || vector == 17 || vector == 21;
}

static u64 probe_rsp(const struct probe *p)
{
	if (p->arg == ARG_UNMAPPED_STACK)
		return probe_arg(p);
	return is_user(p->mode) ? USER_STACK_TOP - 8 : (u64)probe_stack + STACK_SIZE - 8;
}

/*
 * The manuals' account (SDM Vol. 3A 6.12-6.15, 6.14.2-6.14.5 for 64-bit delivery, 17.3.1.1 for
 * RF; APM Vol. 2 8.2, 8.9): faults push the instruction's RIP, traps the next one. The frame
 * always holds SS:RSP; its base is the IST stack if the gate names one, else RSP0 on a CPL
 * change, else the interrupted RSP, aligned down to 16 bytes. On a CPL change SS becomes the
 * null selector. The pushed RFLAGS are the interrupted ones with RF = 1 for faults (RF is
 * pushed as 1 for every fault-class exception but an instruction breakpoint).
 */
static struct seen expect(const struct probe *p, int ist)
{
	struct seen s = { .vector = p->vector };
	if (p->vector < 0)
		return s;
	u64 insn = alias(p->insn, p->mode), next = alias(p->next, p->mode);
	int user = is_user(p->mode);
	int fault = !p->trap;
	s.error = has_error_code(p->vector) ? p->error : 0;
	s.rip = p->trap ? next : insn;
	s.cs = mode_cs[p->mode];
	s.rflags = RFLAGS_FIXED | p->rflags | (p->insn == sn_step_insn ? RFLAGS_TF : 0) |
		   (fault ? RFLAGS_RF : 0);
	s.ss = user ? SEL_UDATA | 3 : SEL_KDATA;
	s.rsp = probe_rsp(p);
	int gate_ist = p->ist == VARY ? ist : p->ist;
	if (gate_ist)
		s.frame = (u64)ist_stacks[gate_ist - 1] + STACK_SIZE;
	else if (user)
		s.frame = (u64)rsp0_stack + STACK_SIZE;
	else
		s.frame = probe_rsp(p) & ~15UL;
	s.handler_ss = user ? 0 : SEL_KDATA;
	if (p->vector == 14)
		s.cr2 = probe_arg(p);
	if (p->vector == 1)
		s.dr6 = p->insn == sn_step_insn ? 0x4000 : 0; /* BS for single step */
	return s;
}

static void print_stack(u64 frame, const struct probe *p)
{
	static const char *const names[] = { "ist1", "ist2", "ist3" };
	u64 tops[5] = { (u64)ist_stacks[0] + STACK_SIZE, (u64)ist_stacks[1] + STACK_SIZE,
			(u64)ist_stacks[2] + STACK_SIZE, (u64)rsp0_stack + STACK_SIZE,
			(u64)probe_stack + STACK_SIZE };
	for (int i = 0; i < 5; i++) {
		if (frame > tops[i] || frame + STACK_SIZE < tops[i])
			continue;
		printf("%s", i < 3 ? names[i] : i == 3 ? "rsp0" : "probe");
		if (frame != tops[i])
			printf("-0x%lx", tops[i] - frame);
		return;
	}
	(void)p;
	printf("0x%lx", frame);
}

static void print_seen(const struct seen *s, const struct probe *p)
{
	if (s->vector < 0) {
		printf("none");
		return;
	}
	u64 insn = alias(p->insn, p->mode), next = alias(p->next, p->mode);
	printf("%s", s->vector < 22 ? vector_names[s->vector] : "?");
	if (has_error_code(s->vector))
		printf(" err=0x%lx", s->error);
	if (s->rip == insn)
		printf(" rip=insn");
	else if (s->rip == next)
		printf(" rip=next");
	else
		printf(" rip=0x%lx", s->rip);
	long drsp = (long)(s->rsp - probe_rsp(p));
	printf(" cs=0x%lx rfl=0x%lx ss=0x%lx rsp=%c0x%lx stack=", s->cs, s->rflags, s->ss,
	       drsp < 0 ? '-' : '+', (u64)(drsp < 0 ? -drsp : drsp));
	print_stack(s->frame, p);
	printf(" hss=0x%lx", s->handler_ss);
	if (s->vector == 14)
		printf(" cr2=0x%lx", s->cr2);
	if (s->vector == 1)
		printf(" dr6=0x%lx", s->dr6);
}

static int same(const struct seen *a, const struct seen *b)
{
	return a->vector == b->vector && a->error == b->error && a->rip == b->rip &&
	       a->cs == b->cs && a->rflags == b->rflags && a->ss == b->ss && a->rsp == b->rsp &&
	       a->frame == b->frame && a->handler_ss == b->handler_ss && a->cr2 == b->cr2 &&
	       a->dr6 == b->dr6;
}

static void run(const struct probe *p, int ist)
{
	if (skipped_by_cmdline(p->tag, mode_names[p->mode])) {
		skipped++;
		printf("%s %s ist=%d -> skipped (command line)\n", p->name, mode_names[p->mode],
		       p->ist == VARY ? ist : p->ist);
		return;
	}
	write_dr6(0xffff0ff0);
	setup(p, ist);
	probe_return_rip = alias(p->mode >= MODE_R0C ? sn_return32_hlt : sn_return_hlt, p->mode);
	event.vector = -1;
	int faulted = probe_call(alias(p->entry, p->mode), probe_arg(p), p->mode,
				 RFLAGS_FIXED | p->rflags);
	teardown(p);

	struct seen got = { .vector = -1 };
	if (faulted) {
		got.vector = event.vector;
		got.error = has_error_code(event.vector) ? event.error : 0;
		got.rip = event.rip;
		got.cs = event.cs;
		got.rflags = event.rflags;
		got.ss = event.ss;
		got.rsp = event.rsp;
		got.frame = event.frame;
		got.handler_ss = event.handler_ss;
		if (event.vector == 14)
			got.cr2 = event.cr2;
		if (event.vector == 1)
			got.dr6 = event.dr6 & 0xe00f;
	}
	struct seen want = expect(p, ist);
	cases++;
	printf("%s %s ist=%d -> ", p->name, mode_names[p->mode], p->ist == VARY ? ist : p->ist);
	print_seen(&got, p);
	if (!same(&got, &want)) {
		mismatches++;
		printf("  !! expected ");
		print_seen(&want, p);
	}
	putc('\n');
}

void kmain(void)
{
	serial_init();
	cpu_init();
	printf("exception-test: what the handler sees, one event a line\n");
	printf("format: <event> <mode> ist=<gate IST> -> <vector> [err=] rip=insn|next cs= rfl= ss= "
	       "rsp=<pushed - at the instruction> stack=<frame base> hss=<handler SS> [cr2=] "
	       "[dr6=]\n");
	for (u64 i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		const struct probe *p = &probes[i];
		run(p, 0);
		if (p->ist == VARY)
			run(p, 1);
	}
	printf("exception-test: %d cases, %d mismatches, %d skipped\n", cases, mismatches, skipped);
	exit_qemu(mismatches ? 1 : 0);
}
