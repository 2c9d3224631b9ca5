/*
 * enable_long_paging(pml4): CR3, CR4.PAE, EFER.LME, then CR0.PG. Once the mov to CR0 retires
 * the CPU translates every fetch; the next instruction, paging_first_fetch, sits at a low
 * physical address that the tables do not map.
 */
	.section .text
	.code32
	.global enable_long_paging, paging_cr0_write, paging_first_fetch
enable_long_paging:
	movl 4(%esp), %eax
	movl %eax, %cr3
	movl %cr4, %eax
	orl $0x20, %eax /* PAE */
	movl %eax, %cr4
	movl $0xc0000080, %ecx /* EFER */
	rdmsr
	orl $0x100, %eax /* LME */
	wrmsr
	movl %cr0, %eax
	orl $0x80000000, %eax /* PG */
paging_cr0_write:
	movl %eax, %cr0
paging_first_fetch:
	ret
