import type { TableFormat } from '../tables/table-builder.ts';

/**
 * The source of a Multiboot 1 proof kernel: it enters in 32-bit protected mode, turns on the
 * paging mode under test with the tables the linker placed at their physical address (the
 * `.tables` section), loads segment, descriptor-table, debug, x87 and SSE state with known
 * values and halts with interrupts off, so QEMU's monitor and pagescope's analysis look at one
 * frozen machine.
 */
export interface GuestSpec {
  format: TableFormat;
  cr3: number;
  /** CR4 bits besides PAE/LA57 (which the format sets) and OSFXSR (set for SSE). */
  cr4: number;
  nxe: boolean;
  wp: boolean;
  /** Physical address of the table image (from TableBuilder.base). */
  tableBase: number;
  /** Values the general registers hold at the halt, RAX..R15 in encoding order. */
  gprs: bigint[];
  cr2: bigint;
  dr: bigint[];
  fsBase: bigint;
  /** Leave paging off (the tables are loaded but CR0.PG stays clear). */
  pagingOff?: boolean;
  /** Long mode only: end in a 32-bit code segment (compatibility mode) instead of 64-bit. */
  compat?: boolean;
}

/** Fixed homes below 1 MiB: the proof tables identity-map the first 2 MiB (or 4 MiB). */
export const TSS_BASE = 0x80000;
export const LDT_BASE = 0x81000;
export const IDT_BASE = 0x82000;

const GPR32 = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'];
const GPR64 = ['rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi'];

/** A system descriptor (TSS or LDT) as two dwords, plus the high 8 bytes in long mode. */
function systemDescriptor(base: number, limit: number, type: number, long: boolean): string {
  const lo = ((base & 0xffff) << 16) | (limit & 0xffff);
  const hi =
    (base & 0xff000000) | ((limit & 0xf0000) >>> 0) | 0x8000 | (type << 8) | ((base >>> 16) & 0xff);
  const words = [lo >>> 0, hi >>> 0, ...(long ? [0, 0] : [])];
  return `  .long ${words.map((w) => '0x' + w.toString(16)).join(', ')}`;
}

export function guestAsm(spec: GuestSpec): string {
  const long = !spec.pagingOff && (spec.format === 'la48' || spec.format === 'la57');
  const cr4 =
    spec.cr4 |
    (1 << 9) | // OSFXSR: SSE instructions load the XMM values
    (spec.format === 'legacy32' ? 0 : 1 << 5) |
    (spec.format === 'la57' ? 1 << 12 : 0);
  const efer = (long ? 1 << 8 : 0) | (spec.nxe ? 1 << 11 : 0);
  const cr0or = (0x80000000 | (spec.wp ? 0x10000 : 0)) >>> 0;
  const hex = (v: number | bigint) => '0x' + v.toString(16);
  const lines: string[] = [];
  const emit = (s: string) => lines.push(s);

  emit('  .section .multiboot, "a"');
  emit('  .align 4');
  emit('  .long 0x1BADB002, 0, -0x1BADB002');
  emit('  .text');
  emit('  .code32');
  emit('  .globl _start');
  emit('_start:');
  emit('  cli');
  emit('  lgdt gdt_ptr');
  emit('  ljmp $0x08, $pm32');
  emit('pm32:');
  emit('  mov $0x10, %ax');
  for (const s of ['ds', 'es', 'ss', 'fs', 'gs']) emit(`  mov %ax, %${s}`);
  emit('  mov $stack_top, %esp');
  emit(`  mov $${hex(cr4)}, %eax`);
  emit('  mov %eax, %cr4');
  emit(`  mov $${hex(spec.cr3)}, %eax`);
  emit('  mov %eax, %cr3');
  if (efer !== 0) {
    emit('  mov $0xC0000080, %ecx');
    emit('  rdmsr');
    emit(`  or $${hex(efer)}, %eax`);
    emit('  wrmsr');
  }
  emit('  mov %cr0, %eax');
  emit(`  or $${hex(spec.pagingOff ? 0x10000 : cr0or)}, %eax`);
  emit('  mov %eax, %cr0');
  if (long) {
    emit('  ljmp $0x18, $lm64');
    emit('  .code64');
    emit('lm64:');
  }
  // Segments: DS/SS flat data, ES a read-only expand-down segment, FS flat with a base set
  // by MSR in long mode, GS null in long mode and a 16-bit data segment in 32-bit mode.
  emit('  mov $0x10, %ax');
  emit('  mov %ax, %ds');
  emit('  mov %ax, %ss');
  emit('  mov %ax, %fs');
  emit('  mov $0x20, %ax');
  emit('  mov %ax, %es');
  emit(long ? '  xor %eax, %eax' : '  mov $0x48, %ax');
  emit('  mov %ax, %gs');
  if (long) {
    emit('  mov $0xC0000100, %ecx');
    emit(`  mov $${hex(Number(spec.fsBase & 0xffffffffn))}, %eax`);
    emit(`  mov $${hex(Number(spec.fsBase >> 32n))}, %edx`);
    emit('  wrmsr');
  }
  emit('  mov $0x28, %ax');
  emit('  ltr %ax');
  emit('  mov $0x38, %ax');
  emit('  lldt %ax');
  emit('  lidt idt_ptr');
  const reg = long ? 'rax' : 'eax';
  const load = (v: bigint) =>
    emit(long ? `  movabs $${hex(v)}, %rax` : `  mov $${hex(v & 0xffffffffn)}, %eax`);
  load(spec.cr2);
  emit(`  mov %${reg}, %cr2`);
  spec.dr.forEach((v, i) => {
    load(v);
    emit(`  mov %${reg}, %dr${i}`);
  });
  emit('  fninit');
  emit('  fld1');
  emit('  fldpi');
  emit('  movdqu xmm_data, %xmm0');
  emit(`  movdqu xmm_data + 16, %xmm${long ? 15 : 7}`);
  // Flags: 0x7fffffff + 1 sets OF, SF, AF and PF; then DF.
  emit('  mov $0x7fffffff, %eax');
  emit('  add $1, %eax');
  emit('  std');
  const names = long ? [...GPR64, 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'] : GPR32;
  names.forEach((n, i) => {
    const v = spec.gprs[i];
    emit(long ? `  movabs $${hex(v)}, %${n}` : `  mov $${hex(v & 0xffffffffn)}, %${n}`);
  });
  if (spec.compat) {
    emit('  ljmpl *compat_ptr'); // a far jump through memory clobbers no register
    emit('  .code32');
  }
  emit('halt:');
  emit('  hlt');
  emit('  jmp halt');

  emit('  .data');
  emit('  .align 16');
  emit('xmm_data:');
  emit('  .quad 0x0123456789abcdef, 0xfedcba9876543210, 0x1122334455667788, 0x99aabbccddeeff00');
  emit('gdt:');
  emit('  .quad 0');
  emit('  .quad 0x00cf9a000000ffff'); // 0x08 code32
  emit('  .quad 0x00cf92000000ffff'); // 0x10 data
  emit('  .quad 0x00af9a000000ffff'); // 0x18 code64
  emit('  .quad 0x00cf94000000ffff'); // 0x20 read-only expand-down data
  emit(systemDescriptor(TSS_BASE, 0x67, 9, true)); // 0x28 TSS (16 bytes)
  emit(systemDescriptor(LDT_BASE, 0xf, 2, true)); // 0x38 LDT (16 bytes)
  emit('  .quad 0x000092000000ffff'); // 0x48 16-bit data
  emit('gdt_end:');
  emit('gdt_ptr:');
  emit('  .word gdt_end - gdt - 1');
  emit('  .long gdt');
  emit('compat_ptr:');
  emit('  .long halt');
  emit('  .word 0x08');
  emit('idt_ptr:');
  emit('  .word 0xfff');
  emit(`  .quad ${hex(IDT_BASE)}`);
  emit('  .bss');
  emit('  .align 16');
  emit('  .skip 4096');
  emit('stack_top:');
  emit('  .section .tables, "a"');
  emit('  .incbin "tables.bin"');
  return lines.join('\n') + '\n';
}

export function guestLinkerScript(tableBase: number): string {
  return `ENTRY(_start)
SECTIONS {
  . = 0x100000;
  .text : { *(.multiboot) *(.text) }
  .data : { *(.data) }
  .bss : { *(.bss) }
  . = 0x${tableBase.toString(16)};
  .tables : { *(.tables) }
}
`;
}
