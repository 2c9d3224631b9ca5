import { CpuState } from '../../core/cpu/state.ts';
import type { RegisterExtras } from '../info-registers.ts';

/**
 * Reads QEMU's `info registers` text back into a CpuState, so the proof can check that
 * formatting that state gives QEMU's text again. Only the raw values are taken from QEMU
 * (numbers, segment attribute words); everything derived (layout, flag letters, DPL, type
 * names, FSW/ST, the physical order of x87 registers) must be recomputed by the formatter.
 */
export function parseQemuRegisters(text: string): { state: CpuState; extras: RegisterExtras } {
  const s = new CpuState();
  const num = (name: string): bigint => {
    const m = new RegExp(`(?:^|[ \\n])${name}=\\s*([0-9a-f]+)`).exec(text);
    if (!m) throw new Error(`no ${name}= in info registers`);
    return BigInt('0x' + m[1]);
  };
  const pair = (v: bigint, a: Int32Array, i: number) => {
    a[i] = Number(v & 0xffffffffn) | 0;
    a[i + 1] = Number(v >> 32n) | 0;
  };
  const wide = /RAX=/.test(text);
  const names = wide
    ? ['RAX', 'RCX', 'RDX', 'RBX', 'RSP', 'RBP', 'RSI', 'RDI']
    : ['EAX', 'ECX', 'EDX', 'EBX', 'ESP', 'EBP', 'ESI', 'EDI'];
  names.forEach((n, i) => pair(num(n), s.gpr, 2 * i));
  if (wide) for (let i = 8; i < 16; i++) pair(num(`R${i}\\s*`), s.gpr, 2 * i);
  pair(num(wide ? 'RIP' : 'EIP'), s.rip, 0);
  s.flags = Number(num(wide ? 'RFL' : 'EFL'));
  s.cpl = Number(num('CPL'));
  ['ES', 'CS', 'SS', 'DS', 'FS', 'GS', 'LDT', 'TR'].forEach((name, i) => {
    const m = new RegExp(`\\n${name}\\s*=([0-9a-f]+) ([0-9a-f]+) ([0-9a-f]+) ([0-9a-f]+)`).exec(
      text,
    );
    if (!m) throw new Error(`no ${name} line`);
    const base = BigInt('0x' + m[2]);
    s.segSel[i] = parseInt(m[1], 16);
    s.segBaseLo[i] = Number(base & 0xffffffffn) | 0;
    s.segBaseHi[i] = Number(base >> 32n) | 0;
    s.segLimit[i] = parseInt(m[3], 16) | 0;
    s.segAttr[i] = parseInt(m[4], 16);
  });
  for (const [name, t] of [
    ['GDT', s.gdtr],
    ['IDT', s.idtr],
  ] as const) {
    const m = new RegExp(`${name}=\\s+([0-9a-f]+) ([0-9a-f]+)`).exec(text)!;
    pair(BigInt('0x' + m[1]), t, 0);
    t[2] = parseInt(m[2], 16);
  }
  s.cr0 = Number(num('CR0')) | 0;
  pair(num('CR2'), s.cr2, 0);
  pair(num('CR3'), s.cr3, 0);
  s.cr4 = Number(num('CR4')) | 0;
  for (const i of [0, 1, 2, 3, 6, 7]) pair(num(`DR${i}`), s.dr, 2 * i);
  s.efer = Number(num('EFER')) | 0;
  s.fcw = Number(num('FCW'));
  s.fsw = Number(num('FSW'));
  s.ftw = Number(num('FTW'));
  s.mxcsr = Number(num('MXCSR'));
  const top = (s.fsw >>> 11) & 7;
  for (let i = 0; i < 8; i++) {
    const m = new RegExp(`FPR${i}=([0-9a-f]+) ([0-9a-f]+)`).exec(text)!;
    const o = 16 * ((i - top) & 7);
    const mant = BigInt('0x' + m[1]);
    for (let b = 0; b < 8; b++) s.x87regs[o + b] = Number((mant >> BigInt(8 * b)) & 0xffn);
    const exp = parseInt(m[2], 16);
    s.x87regs[o + 8] = exp & 0xff;
    s.x87regs[o + 9] = exp >>> 8;
  }
  for (let i = 0; i < 16; i++) {
    const m = new RegExp(`XMM${String(i).padStart(2, '0')}=([0-9a-f]+) ([0-9a-f]+)`).exec(text);
    if (!m) break;
    pair(BigInt('0x' + m[2]), s.xmm, 4 * i);
    pair(BigInt('0x' + m[1]), s.xmm, 4 * i + 2);
  }
  s.mode = wide ? 64 : 32;
  const extras: RegisterExtras = {
    halted: num('HLT') === 1n,
    interruptShadow: num('II') === 1n,
    a20: Number(num('A20')) as 0 | 1,
    smm: Number(num('SMM')) as 0 | 1,
    cpuIndex: Number(/CPU#(\d+)/.exec(text)?.[1] ?? 0),
  };
  return { state: s, extras };
}
