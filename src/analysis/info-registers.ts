import type { CpuState } from '../core/cpu/state.ts';
import { readFlags } from '../core/cpu/lazy-flags.ts';
import { CR0_PE, EFER_LMA } from '../core/mmu/paging-bits.ts';
import { hex16, hex8 } from './hex.ts';
import { segmentLine } from './info-registers-segments.ts';
import { fpuLines } from './info-registers-fpu.ts';

/** What QEMU shows that CpuState does not hold: the emulator passes them in. */
export interface RegisterExtras {
  /** HLT: the CPU is halted. */
  halted?: boolean;
  /** II: the interrupt shadow (after sti or mov ss) is active. */
  interruptShadow?: boolean;
  /** A20 and SMM as QEMU prints them; pagescope's PC has A20 on and no SMM. */
  a20?: 0 | 1;
  smm?: 0 | 1;
  cpuIndex?: number;
}

const SEGS = ['ES', 'CS', 'SS', 'DS', 'FS', 'GS', 'LDT', 'TR'];
// QEMU's order of the general registers, by encoding number.
const ORDER64 = [0, 3, 1, 2, 6, 7, 5, 4, 8, 9, 10, 11, 12, 13, 14, 15];
const NAMES64 = [
  'RAX',
  'RBX',
  'RCX',
  'RDX',
  'RSI',
  'RDI',
  'RBP',
  'RSP',
  'R8 ',
  'R9 ',
  'R10',
  'R11',
];
const NAMES = [...NAMES64, 'R12', 'R13', 'R14', 'R15'];
/** DR6 and DR7 bits that read as 1 (SDM Vol. 3, 18.2): the CPU stores DR6/DR7 without them. */
const DR6_ONES = 0xffff0ff0;
const DR7_ONES = 0x400;

/**
 * QEMU 7.2's `info registers` for one CPU, byte for byte: the monitor prints "\nCPU#n\n" and
 * then x86_cpu_dump_state with CPU_DUMP_FPU. 64-bit code (CS.L with EFER.LMA) gets the R*
 * layout, anything else the E* one; the GDT/IDT, CR and segment type lines follow EFER.LMA.
 * Lines end in '\n' (the monitor sends "\r\n").
 */
export function infoRegisters(s: CpuState, extras: RegisterExtras = {}): string {
  const lma = (s.efer & EFER_LMA) !== 0;
  const wide = lma && (s.segAttr[1] & (1 << 21)) !== 0;
  const pe = (s.cr0 & CR0_PE) !== 0;
  const g = s.gpr;
  const f = readFlags(s);
  const out: string[] = ['', `CPU#${extras.cpuIndex ?? 0}`];
  if (wide) {
    for (let row = 0; row < 4; row++) {
      const regs = [0, 1, 2, 3].map((c) => {
        const n = ORDER64[row * 4 + c];
        return `${NAMES[row * 4 + c]}=${hex16(g[2 * n + 1], g[2 * n])}`;
      });
      out.push(regs.join(' '));
    }
  } else {
    const e = (n: number, name: string) => `${name}=${hex8(g[2 * n])}`;
    out.push([e(0, 'EAX'), e(3, 'EBX'), e(1, 'ECX'), e(2, 'EDX')].join(' '));
    out.push([e(6, 'ESI'), e(7, 'EDI'), e(5, 'EBP'), e(4, 'ESP')].join(' '));
  }
  const letters = [
    [10, 'D'],
    [11, 'O'],
    [7, 'S'],
    [6, 'Z'],
    [4, 'A'],
    [2, 'P'],
    [0, 'C'],
  ] as const;
  const fl = letters.map(([bit, c]) => (f & (1 << bit) ? c : '-')).join('');
  out.push(
    (wide ? `RIP=${hex16(s.rip[1], s.rip[0])} RFL=` : `EIP=${hex8(s.rip[0])} EFL=`) +
      `${hex8(f)} [${fl}] CPL=${s.cpl} II=${extras.interruptShadow ? 1 : 0}` +
      ` A20=${extras.a20 ?? 1} SMM=${extras.smm ?? 0} HLT=${extras.halted ? 1 : 0}`,
  );
  for (let i = 0; i < 8; i++) {
    const seg = {
      selector: s.segSel[i] & 0xffff,
      baseLo: s.segBaseLo[i],
      baseHi: s.segBaseHi[i],
      limit: s.segLimit[i],
      attr: s.segAttr[i],
    };
    out.push(segmentLine(SEGS[i], seg, wide, lma, pe));
  }
  const table = (name: string, t: Int32Array) =>
    `${name}=     ${lma ? hex16(t[1], t[0]) : hex8(t[0])} ${hex8(t[2])}`;
  out.push(table('GDT', s.gdtr), table('IDT', s.idtr));
  out.push(
    lma
      ? `CR0=${hex8(s.cr0)} CR2=${hex16(s.cr2[1], s.cr2[0])} CR3=${hex16(s.cr3[1], s.cr3[0])} CR4=${hex8(s.cr4)}`
      : `CR0=${hex8(s.cr0)} CR2=${hex8(s.cr2[0])} CR3=${hex8(s.cr3[0])} CR4=${hex8(s.cr4)}`,
  );
  const dr = (i: number) => hex16(s.dr[2 * i + 1], s.dr[2 * i]);
  out.push([0, 1, 2, 3].map((i) => `DR${i}=${dr(i)} `).join(''));
  out.push(
    `DR6=${hex16(s.dr[13], s.dr[12] | DR6_ONES)} DR7=${hex16(s.dr[15], s.dr[14] | DR7_ONES)}`,
  );
  out.push(`EFER=${hex16(0, s.efer)}`);
  out.push(...fpuLines(s, wide));
  return out.join('\n') + '\n';
}
