/*
 * task-test: hardware task switches and call gates in 32-bit protected mode, one line a case:
 *
 *   <case> -> <field>=<value> ...
 *
 * The kernel works out what the manuals (Intel SDM Vol. 3A chapters 5.8, 6 and 8) say each
 * field must be and appends "  !! expected ..." where the machine differs; the last line
 * counts cases and mismatches, and the count (0 or 1) goes to the exit port 0xf4.
 */
#include "../reference-support/support.h"
#include "layout.h"

struct tss {
	u32 w[TSS_SIZE / 4];
} __attribute__((aligned(16)));

/* Shared with boot.S. */
u32 probe_esp, ev_vector, ev_err, ev_eip, ev_cs;
u32 df_err, df_eflags, df_link, df_saved_eip;
u16 df_tr, b_tr;
u32 b_eflags, c_cr3;
u32 user_esp_after, user_cs_after, user_ss_after;
u32 gate_cs, gate_ss, gate_esp, gate_frame[5];
u8 kernel_stack[8192] __attribute__((aligned(16)));
u8 user_stack[4096] __attribute__((aligned(4096)));
struct tss main_tss, df_tss, b_tss, c_tss, spare_tss;

extern char exception_stubs[], df_task[], b_task[], c_task[], user_probe[], user_return[];
extern char gate_target[], probe_escape[], iret_nt_insn[], double_fault_insn[];
extern char do_call_gate_b[], do_jmp_short[], do_jmp_busy[], do_jmp_np[], do_jmp_c[];
extern char do_iret_nt[], do_double_fault[];
void load_gdt(void *gdtr);
void probe_call(void *fn);

static u8 df_stack[4096] __attribute__((aligned(16)));
static u8 b_stack[4096] __attribute__((aligned(16)));
static u8 c_stack[4096] __attribute__((aligned(16)));
static u8 ring0_stack[4096] __attribute__((aligned(16)));
static u32 pd1[1024] __attribute__((aligned(4096)));
static u32 pd2[1024] __attribute__((aligned(4096)));
static u32 gdt[2 * 16] __attribute__((aligned(8)));
static u32 idt[2 * 32] __attribute__((aligned(8)));

static void set_desc(int sel, u32 base, u32 limit, u32 access, u32 flags)
{
	u32 *d = &gdt[(sel >> 3) * 2];
	d[0] = (limit & 0xffff) | (base << 16);
	d[1] = ((base >> 16) & 0xff) | (access << 8) | (limit & 0xf0000) | (flags << 20) |
	       (base & 0xff000000);
}

/* A gate: call gate (type 0xc, `params` copied) or task gate (type 5, offset 0). */
static void set_gate(u32 *d, u32 sel, u32 offset, u32 access, u32 params)
{
	d[0] = (offset & 0xffff) | (sel << 16);
	d[1] = (offset & 0xffff0000) | (access << 8) | params;
}

/* A task at CPL 0 on flat segments, entered at eip with its own stack and CR3. */
static void init_task(struct tss *t, char *eip, u8 *stack, u32 cr3)
{
	for (unsigned k = 0; k < TSS_SIZE / 4; k++)
		t->w[k] = 0;
	t->w[TSS_CR3 / 4] = cr3;
	t->w[TSS_EIP / 4] = (u32)eip;
	t->w[TSS_EFLAGS / 4] = 0x2;
	t->w[TSS_ESP / 4] = (u32)stack + 4096;
	u32 segs[6] = {SEL_KDATA, SEL_KCODE, SEL_KDATA, SEL_KDATA, SEL_KDATA, SEL_KDATA};
	for (int s = 0; s < 6; s++)
		t->w[TSS_ES / 4 + s] = segs[s];
}

static u32 desc_busy(int sel) { return (gdt[(sel >> 3) * 2 + 1] >> 9) & 1; }

static u16 read_tr(void)
{
	u16 v;
	__asm__ volatile("str %0" : "=r"(v));
	return v;
}

static u32 read_eflags(void)
{
	u32 v;
	__asm__ volatile("pushf; pop %0" : "=r"(v));
	return v;
}

static void set_idt_present(int vector, int present)
{
	if (present)
		idt[vector * 2 + 1] |= 0x8000;
	else
		idt[vector * 2 + 1] &= ~0x8000u;
}

static void setup(void)
{
	set_desc(SEL_KCODE, 0, 0xfffff, 0x9a, 0xc);
	set_desc(SEL_KDATA, 0, 0xfffff, 0x92, 0xc);
	set_desc(SEL_UCODE, 0, 0xfffff, 0xfa, 0xc);
	set_desc(SEL_UDATA, 0, 0xfffff, 0xf2, 0xc);
	set_desc(SEL_MAIN_TSS, (u32)&main_tss, TSS_SIZE - 1, 0x89, 0);
	set_desc(SEL_DF_TSS, (u32)&df_tss, TSS_SIZE - 1, 0x89, 0);
	set_desc(SEL_B_TSS, (u32)&b_tss, TSS_SIZE - 1, 0x89, 0);
	set_gate(&gdt[(SEL_B_GATE >> 3) * 2], SEL_B_TSS, 0, 0x85, 0);
	set_gate(&gdt[(SEL_CALL_GATE >> 3) * 2], SEL_KCODE, (u32)gate_target, 0xec, 1);
	set_desc(SEL_SHORT_TSS, (u32)&spare_tss, 0x60, 0x89, 0);
	set_desc(SEL_NP_TSS, (u32)&spare_tss, TSS_SIZE - 1, 0x09, 0);
	set_desc(SEL_C_TSS, (u32)&c_tss, TSS_SIZE - 1, 0x89, 0);
	set_gate(&gdt[(SEL_ESCAPE_GATE >> 3) * 2], SEL_KCODE, (u32)probe_escape, 0xec, 0);
	struct {
		u16 limit;
		u32 base;
	} __attribute__((packed)) gdtr = {sizeof(gdt) - 1, (u32)gdt}, idtr = {sizeof(idt) - 1, (u32)idt};
	load_gdt(&gdtr);
	for (int v = 0; v < 32; v++)
		set_gate(&idt[v * 2], SEL_KCODE, (u32)exception_stubs + 16 * v, 0x8e, 0);
	set_gate(&idt[8 * 2], SEL_DF_TSS, 0, 0x85, 0);
	__asm__ volatile("lidt %0" : : "m"(idtr));
	main_tss.w[TSS_ESP0 / 4] = (u32)ring0_stack + 4096;
	main_tss.w[TSS_SS0 / 4] = SEL_KDATA;
	main_tss.w[TSS_CR3 / 4] = (u32)pd1;
	__asm__ volatile("ltr %w0" : : "r"(SEL_MAIN_TSS));
	init_task(&df_tss, df_task, df_stack, 0);
	init_task(&b_tss, b_task, b_stack, 0);
	init_task(&c_tss, c_task, c_stack, (u32)pd2);
	for (int k = 0; k < 1024; k++)
		pd1[k] = pd2[k] = (k << 22) | 0x83; /* 4 MiB pages, identity */
}

static int cases, mismatches;

/* One case line: fields got, then what the manuals say where any differs. */
static void report(const char *name, int n, const char *const *keys, const u32 *got, const u32 *want)
{
	int differs = 0;
	printf("%s ->", name);
	for (int k = 0; k < n; k++) {
		printf(" %s=0x%x", keys[k], got[k]);
		differs |= got[k] != want[k];
	}
	if (differs) {
		printf("  !! expected");
		for (int k = 0; k < n; k++)
			printf(" %s=0x%x", keys[k], want[k]);
		mismatches++;
	}
	printf("\n");
	cases++;
}

#define REPORT(name, keys, got, want) report(name, sizeof(got) / sizeof(got[0]), keys, got, want)

/* Runs fn; the event it raised (vector, error code), or vector 0xff for none. */
static void run_probe(void *fn)
{
	ev_vector = 0xff;
	ev_err = 0;
	probe_call(fn);
}

static void fault_case(const char *name, void *fn, u32 vector, u32 err)
{
	run_probe(fn);
	static const char *const keys[] = {"vector", "err", "tr"};
	u32 got[] = {ev_vector, ev_err, read_tr()};
	u32 want[] = {vector, err, SEL_MAIN_TSS};
	REPORT(name, keys, got, want);
}

static void double_fault_case(void)
{
	set_idt_present(13, 0);
	run_probe(do_double_fault);
	set_idt_present(13, 1);
	static const char *const keys[] = {"vector", "tr", "err", "nt", "link", "eip", "busy", "tr-after"};
	u32 got[] = {ev_vector, df_tr, df_err, (df_eflags & EFLAGS_NT) != 0, df_link,
		     df_saved_eip - (u32)double_fault_insn, desc_busy(SEL_DF_TSS), read_tr()};
	u32 want[] = {0xff, SEL_DF_TSS, 0, 1, SEL_MAIN_TSS, 0, 0, SEL_MAIN_TSS};
	REPORT("#DF through a task gate (#GP, its gate not present)", keys, got, want);
}

static void call_task_gate_case(void)
{
	run_probe(do_call_gate_b);
	static const char *const keys[] = {"vector", "tr", "nt", "link", "busy", "tr-after", "nt-after"};
	u32 got[] = {ev_vector, b_tr, (b_eflags & EFLAGS_NT) != 0, b_tss.w[0], desc_busy(SEL_B_TSS),
		     read_tr(), (read_eflags() & EFLAGS_NT) != 0};
	u32 want[] = {0xff, SEL_B_TSS, 1, SEL_MAIN_TSS, 0, SEL_MAIN_TSS, 0};
	REPORT("call task gate, iret back", keys, got, want);
}

static void cr3_case(void)
{
	write_cr3((u32)pd1);
	write_cr4(read_cr4() | 0x10); /* PSE */
	write_cr0(read_cr0() | 0x80000000);
	run_probe(do_jmp_c);
	u32 back = read_cr3();
	write_cr0(read_cr0() & ~0x80000000u);
	static const char *const keys[] = {"vector", "task-cr3", "cr3-after", "c-busy", "ts"};
	u32 got[] = {ev_vector, c_cr3 == (u32)pd2, back == (u32)pd1, desc_busy(SEL_C_TSS),
		     (read_cr0() >> 3) & 1};
	u32 want[] = {0xff, 1, 1, 0, 1};
	REPORT("jmp to a task with its own CR3 (paging on), jmp back", keys, got, want);
}

static void call_gate_case(void)
{
	run_probe(user_probe);
	u32 top = (u32)user_stack + 4096;
	static const char *const keys[] = {"vector", "cs", "ss", "rsp0-esp", "eip", "ret-cs",
					   "param", "ret-esp", "ret-ss", "back-cs", "back-ss", "back-esp"};
	u32 got[] = {ev_vector, gate_cs, gate_ss, (u32)ring0_stack + 4096 - gate_esp,
		     gate_frame[0] - (u32)user_return, gate_frame[1], gate_frame[2],
		     top - gate_frame[3], gate_frame[4], user_cs_after, user_ss_after,
		     top - user_esp_after};
	u32 want[] = {0xff, SEL_KCODE, SEL_KDATA, 20, 0, SEL_UCODE, 0x1234abcd, 4, SEL_UDATA,
		      SEL_UCODE, SEL_UDATA, 0};
	REPORT("call gate r3 -> r0 with one parameter, lret 4 back", keys, got, want);
}

static void iret_link_case(void)
{
	main_tss.w[0] = SEL_B_TSS; /* available, not busy */
	run_probe(do_iret_nt);
	main_tss.w[0] = 0;
	static const char *const keys[] = {"vector", "err", "eip", "tr"};
	u32 got[] = {ev_vector, ev_err, ev_eip - (u32)iret_nt_insn, read_tr()};
	u32 want[] = {10, SEL_B_TSS, 0, SEL_MAIN_TSS};
	REPORT("iret with NT, back link not busy", keys, got, want);
}

void kmain(void)
{
	serial_init();
	setup();
	printf("task-test: task switches and call gates in 32-bit protected mode\n");
	double_fault_case();
	call_task_gate_case();
	call_gate_case();
	cr3_case();
	fault_case("jmp to a TSS with limit 0x60", do_jmp_short, 10, SEL_SHORT_TSS);
	fault_case("jmp to the busy current TSS", do_jmp_busy, 13, SEL_MAIN_TSS);
	fault_case("jmp to a TSS not present", do_jmp_np, 11, SEL_NP_TSS);
	iret_link_case();
	printf("task-test: %d cases, %d mismatches\n", cases, mismatches);
	exit_qemu(mismatches ? 1 : 0);
}
