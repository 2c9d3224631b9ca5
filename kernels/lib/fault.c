#include "fault.h"
#include "cpu.h"
#include "exit.h"
#include "print.h"

static const char *const names[32] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow",
	"#BR bound range", "#UD invalid opcode", "#NM no math coprocessor", "#DF double fault",
	"coprocessor segment overrun", "#TS invalid TSS", "#NP segment not present",
	"#SS stack fault", "#GP general protection", "#PF page fault", "vector 15",
	"#MF x87 error", "#AC alignment check", "#MC machine check", "#XM SIMD error",
	"#VE virtualization", "#CP control protection", "vector 22", "vector 23", "vector 24",
	"vector 25", "vector 26", "vector 27", "#HV hypervisor injection", "#VC VMM communication",
	"#SX security", "vector 31",
};

/* The page-fault error code bits (Intel SDM vol. 3A, 4.7), spelled out. */
static void print_pf_error(uint64_t e)
{
	kprintf("fault: error code 0x%lx = %s %s %s%s%s\n", e, e & 1 ? "present" : "not-present",
		e & 2 ? "write" : "read", e & 4 ? "user" : "supervisor",
		e & 8 ? " reserved-bit" : "", e & 16 ? " fetch" : "");
}

void fault_report(const struct int_frame *f)
{
	kprintf("fault: %s (vector %lu)\n", f->vector < 32 ? names[f->vector] : "interrupt",
		f->vector);
	if (f->vector == VEC_PF)
		print_pf_error(f->error);
	else
		kprintf("fault: error code 0x%lx\n", f->error);
	kprintf("fault: rip 0x%lx\n", f->rip);
	if (f->vector == VEC_PF)
		kprintf("fault: cr2 0x%lx\n", (uint64_t)read_cr2());
}

void fault_exit(const struct int_frame *f)
{
	fault_report(f);
	kprintf("exit: 0x%lx\n", EXIT_FAULT(f->vector));
	qemu_exit(EXIT_FAULT(f->vector));
}
