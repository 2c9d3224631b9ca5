import { describe, expect, it } from 'vitest';
import { infoMem } from '../../analysis/info-mem.ts';
import { translate } from '../../analysis/translate.ts';
import { RAX, RBX, RCX } from '../cpu/registers.ts';
import { Machine } from '../machine.ts';
import { CODE, enterLongMode, le32, load } from '../machine/test-guest.ts';

const GIB = 2 ** 30;
const HIGH = 4 * GIB;
/** enterLongMode's PML4 is followed by its PDPT: the entry for 4-5 GiB is its fifth. */
const PML4 = 0x1000;

/** mov r64, imm64 (the immediate below 2^53). */
function movImm64(reg: number, v: number): number[] {
  return [0x48, 0xb8 + reg, ...le32(v % 2 ** 32), ...le32(Math.floor(v / 2 ** 32))];
}

/**
 * A 4 GiB machine (the largest one ArrayBuffer allows) with the identity map extended to the
 * RAM above 4 GiB by a 1 GiB page, and a 4 KiB chain at 0x8000000000 whose tables all sit
 * above 4 GiB.
 */
function machineAbove4g(): Machine {
  const m = new Machine({ ramSize: 4 * GIB });
  enterLongMode(m);
  expect(m.cpu.cr3[0]).toBe(PML4);
  const v = m.mem.view;
  const pdpt = v.getUint32(PML4, true) & ~0xfff;
  v.setUint32(pdpt + 8 * 4, 0x83, true);
  v.setUint32(pdpt + 8 * 4 + 4, 1, true);
  const entry = (tableOffset: number, index: number, target: number) => {
    v.setUint32(tableOffset + 8 * index, (target % 2 ** 32) | 3, true);
    v.setUint32(tableOffset + 8 * index + 4, Math.floor(target / 2 ** 32), true);
  };
  // Tables at 4 GiB + 0x10000.., so at buffer offsets 3 GiB + 0x10000..
  const off = (phys: number) => m.mem.offsetOf(phys);
  entry(PML4, 1, HIGH + 0x10000);
  entry(off(HIGH + 0x10000), 0, HIGH + 0x11000);
  entry(off(HIGH + 0x11000), 0, HIGH + 0x12000);
  entry(off(HIGH + 0x12000), 0, HIGH + 0x20000);
  return m;
}

describe('RAM above 4 GiB', () => {
  it('runs code that writes, reads and fetches above 4 GiB through the TLB and its tables', () => {
    const m = machineAbove4g();
    // At 4 GiB + 0x3000: mov [rax], ecx twice (the second through the TLB), mov ebx, [rax],
    // then rep stosb 16 bytes of 0x5a at 0x8000000000 (tables above 4 GiB), hlt.
    const high = [0x89, 0x08, 0x89, 0x08, 0x8b, 0x18];
    const stos = [...movImm64(7, 0x8000000000), 0xb0, 0x5a, 0xb9, ...le32(16), 0xf3, 0xaa, 0xf4];
    m.mem.ram.set([...high, ...stos], m.mem.offsetOf(HIGH + 0x3000));
    load(m, [
      ...movImm64(RAX, HIGH + 0x123),
      0xb9, ...le32(0xdeadbeef), // mov ecx, 0xdeadbeef
      ...movImm64(RCX + 1, HIGH + 0x3000), // mov rdx, 4 GiB + 0x3000
      0xff, 0xe2, // jmp rdx
    ]); // prettier-ignore
    expect(m.run(1000).reason).toBe('halted-forever');
    expect(m.cpu.gpr[RBX << 1] >>> 0).toBe(0xdeadbeef);
    expect(m.mem.view.getUint32(3 * GIB + 0x123, true)).toBe(0xdeadbeef);
    expect(m.mem.read(HIGH + 0x123, 4)).toBe(0xdeadbeef);
    // Nothing landed in the hole's place at 3 GiB + 0x123 (physical), which reads as ones.
    expect(m.mem.read(3 * GIB + 0x123, 4)).toBe(0xffffffff);
    const page = m.mem.offsetOf(HIGH + 0x20000);
    expect([...m.mem.ram.subarray(page, page + 17)]).toEqual([...Array(16).fill(0x5a), 0]);
    // The walk set Accessed/Dirty in the leaf, which lives above 4 GiB.
    expect(m.mem.read(HIGH + 0x12000, 4) & 0x60).toBe(0x60);
    expect(CODE).toBeLessThan(m.mem.low);
  });

  it('lets analysis translate and list mappings whose tables and frames lie above 4 GiB', () => {
    const m = machineAbove4g();
    const t = translate(m.cpu, m.mem, 0x8000000abcn, { access: 'read', cpl: 0 });
    expect(t.ok).toBe(true);
    expect(t.physical).toBe(BigInt(HIGH + 0x20abc));
    expect(t.steps.map((s) => s.entryAddress)).toContain(BigInt(HIGH + 0x12000));
    expect(infoMem(m.cpu, m.mem)).toContain('0000008000000000-0000008000001000');
  });

  it('refuses more RAM than one ArrayBuffer holds, saying why', () => {
    expect(() => new Machine({ ramSize: 4.5 * GIB })).toThrow(/at most 4 GiB/);
  });
});
