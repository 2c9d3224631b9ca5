import { describe, expect, it } from 'vitest';
import { createBareCpu } from '../bare-cpu.ts';
import type { Cpu } from '../cpu.ts';
import { PF_VEC } from '../fault.ts';
import { DF, ZF } from '../flags.ts';
import { readFlags } from '../lazy-flags.ts';
import { ES, FS, RAX, RBX, RCX, RDI, RSI } from '../registers.ts';
import { REP_CHUNK } from './string.ts';

interface Fault {
  vector: number;
  errorCode: number;
  cr2: number;
}

const CODE = 0x10000;

function machine(mode: 64 | 32) {
  const faults: Fault[] = [];
  const cpu = createBareCpu(mode, 4 << 20, {
    exception(c, f) {
      faults.push({ vector: f.vector, errorCode: f.errorCode, cr2: f.cr2Lo });
      c.stopRequested = true;
    },
  });
  return { cpu, faults };
}

function start(cpu: Cpu, code: number[], at = CODE): void {
  cpu.ram.set(code, at);
  cpu.rip[0] = at;
  cpu.rip[1] = 0;
  cpu.halted = false;
  cpu.stopRequested = false;
}

function reg(cpu: Cpu, r: number): bigint {
  return (BigInt(cpu.gpr[2 * r + 1] >>> 0) << 32n) | BigInt(cpu.gpr[2 * r] >>> 0);
}

function setReg(cpu: Cpu, r: number, v: bigint): void {
  cpu.gpr[2 * r] = Number(v & 0xffffffffn) | 0;
  cpu.gpr[2 * r + 1] = Number((v >> 32n) & 0xffffffffn) | 0;
}

/** Clears the 4 KiB PTE mapping `va`, walking the four levels from CR3. */
function unmap(cpu: Cpu, va: number): void {
  const v = cpu.mem.view;
  let table = cpu.cr3[0] & ~0xfff;
  for (const shift of [39, 30, 21]) {
    const index = Math.floor(va / 2 ** shift) % 512;
    table = v.getUint32(table + index * 8, true) & ~0xfff;
  }
  v.setUint32(table + ((va >>> 12) & 511) * 8, 0, true);
}

function fillPattern(cpu: Cpu, at: number, n: number): void {
  for (let k = 0; k < n; k++) cpu.ram[at + k] = (k * 7 + 3) & 0xff;
}

describe('rep movs', () => {
  it('copies across a page boundary and stops at a fault in the second page', () => {
    const { cpu, faults } = machine(64);
    fillPattern(cpu, 0x20f00, 0x300);
    unmap(cpu, 0x31000);
    setReg(cpu, RSI, 0x20f00n);
    setReg(cpu, RDI, 0x30f00n);
    setReg(cpu, RCX, 0x300n);
    start(cpu, [0xf3, 0xa4, 0xf4]);
    cpu.run(10);
    expect(faults).toEqual([{ vector: PF_VEC, errorCode: 2, cr2: 0x31000 }]);
    expect(reg(cpu, RCX)).toBe(0x200n);
    expect(reg(cpu, RSI)).toBe(0x21000n);
    expect(reg(cpu, RDI)).toBe(0x31000n);
    expect(cpu.rip[0]).toBe(CODE);
    expect([...cpu.ram.subarray(0x30f00, 0x31000)]).toEqual([
      ...cpu.ram.subarray(0x20f00, 0x21000),
    ]);
  });

  it('faults on the read when the source page is missing, before writing', () => {
    const { cpu, faults } = machine(64);
    unmap(cpu, 0x21000);
    setReg(cpu, RSI, 0x20ff8n);
    setReg(cpu, RDI, 0x30000n);
    setReg(cpu, RCX, 4n);
    start(cpu, [0xf3, 0x48, 0xa5]);
    cpu.run(10);
    expect(faults).toEqual([{ vector: PF_VEC, errorCode: 0, cr2: 0x21000 }]);
    expect(reg(cpu, RCX)).toBe(3n);
    expect(reg(cpu, RSI)).toBe(0x21000n);
    expect(reg(cpu, RDI)).toBe(0x30008n);
  });

  it('leaves memory and registers alone when an element straddles into a missing page', () => {
    const { cpu, faults } = machine(64);
    unmap(cpu, 0x31000);
    cpu.ram.fill(0xee, 0x30ff0, 0x31000);
    setReg(cpu, RSI, 0x20000n);
    setReg(cpu, RDI, 0x30ffen);
    setReg(cpu, RCX, 8n);
    start(cpu, [0xf3, 0xa5]);
    cpu.run(10);
    expect(faults[0]).toEqual({ vector: PF_VEC, errorCode: 2, cr2: 0x31000 });
    expect(reg(cpu, RCX)).toBe(8n);
    expect(reg(cpu, RDI)).toBe(0x30ffen);
    expect(cpu.ram[0x30ffe]).toBe(0xee);
  });

  it('copies downwards with DF through an overlapping range', () => {
    const { cpu } = machine(64);
    fillPattern(cpu, 0x22000, 0x2000);
    const expected = [...cpu.ram.subarray(0x22000, 0x24000)];
    cpu.flags |= DF;
    // 0x1000 qwords ending at 0x23ff8, to 0x40 bytes higher: the destination is above the
    // source, so a downward copy reads every element before it is overwritten.
    setReg(cpu, RSI, 0x23ff8n);
    setReg(cpu, RDI, 0x24038n);
    setReg(cpu, RCX, 0x400n);
    start(cpu, [0xf3, 0x48, 0xa5, 0xf4]);
    cpu.run(10);
    expect(reg(cpu, RCX)).toBe(0n);
    expect(reg(cpu, RSI)).toBe(0x21ff8n);
    expect(reg(cpu, RDI)).toBe(0x22038n);
    expect([...cpu.ram.subarray(0x22040, 0x24040)]).toEqual(expected);
  });

  it('repeats a pattern when the destination runs into unread source bytes', () => {
    const { cpu } = machine(64);
    const pattern = [1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3];
    cpu.ram.set([1, 2, 3], 0x20000);
    setReg(cpu, RSI, 0x20000n);
    setReg(cpu, RDI, 0x20003n);
    setReg(cpu, RCX, 9n);
    start(cpu, [0xf3, 0xa4, 0xf4]);
    cpu.run(10);
    expect([...cpu.ram.subarray(0x20000, 0x2000c)]).toEqual(pattern);

    cpu.ram.set([1, 2, 3], 0x2100d);
    cpu.flags |= DF;
    setReg(cpu, RSI, 0x2100fn);
    setReg(cpu, RDI, 0x2100cn);
    setReg(cpu, RCX, 9n);
    start(cpu, [0xf3, 0xa4, 0xf4]);
    cpu.run(10);
    expect([...cpu.ram.subarray(0x21004, 0x21010)]).toEqual(pattern);
  });

  it('uses ESI/EDI/ECX with a 67 prefix, clearing their high halves', () => {
    const { cpu } = machine(64);
    fillPattern(cpu, 0x20000, 16);
    setReg(cpu, RSI, 0xdead_0002_0000n);
    setReg(cpu, RDI, 0xbeef_0003_0000n);
    setReg(cpu, RCX, 0x1234_0000_0010n);
    start(cpu, [0x67, 0xf3, 0xa4, 0xf4]);
    cpu.run(10);
    expect(reg(cpu, RSI)).toBe(0x20010n);
    expect(reg(cpu, RDI)).toBe(0x30010n);
    expect(reg(cpu, RCX)).toBe(0n);
    expect([...cpu.ram.subarray(0x30000, 0x30010)]).toEqual([
      ...cpu.ram.subarray(0x20000, 0x20010),
    ]);
  });

  it('does nothing with a zero count, not even clear the high halves', () => {
    const { cpu } = machine(64);
    setReg(cpu, RSI, 0xdead_0002_0000n);
    setReg(cpu, RCX, 0x1234_0000_0000n);
    start(cpu, [0x67, 0xf3, 0xa4, 0xf4]);
    cpu.run(10);
    expect(reg(cpu, RSI)).toBe(0xdead_0002_0000n);
    expect(reg(cpu, RCX)).toBe(0x1234_0000_0000n);
    expect(cpu.halted).toBe(true);
  });

  it('reads through an FS override and writes ES without its base in 64-bit mode', () => {
    const { cpu } = machine(64);
    fillPattern(cpu, 0x25000, 8);
    cpu.segBaseLo[FS] = 0x5000;
    cpu.segBaseLo[ES] = 0x7000;
    setReg(cpu, RSI, 0x20000n);
    setReg(cpu, RDI, 0x30000n);
    setReg(cpu, RCX, 8n);
    start(cpu, [0x64, 0xf3, 0xa4, 0xf4]);
    cpu.run(10);
    expect([...cpu.ram.subarray(0x30000, 0x30008)]).toEqual([
      ...cpu.ram.subarray(0x25000, 0x25008),
    ]);
  });
});

describe('rep stos', () => {
  it('fills in chunks, leaving RIP on the instruction between them', () => {
    const { cpu } = machine(64);
    const n = 2 * REP_CHUNK + 5;
    setReg(cpu, RAX, 0x5an);
    setReg(cpu, RDI, 0x100000n);
    setReg(cpu, RCX, BigInt(n));
    start(cpu, [0xf3, 0xaa, 0xf4]);
    expect(cpu.run(1)).toBe(1);
    expect(reg(cpu, RCX)).toBe(BigInt(n - REP_CHUNK));
    expect(cpu.rip[0]).toBe(CODE);
    expect(cpu.halted).toBe(false);
    cpu.run(10);
    expect(cpu.halted).toBe(true);
    expect(reg(cpu, RCX)).toBe(0n);
    expect(reg(cpu, RDI)).toBe(BigInt(0x100000 + n));
    expect(cpu.ram.subarray(0x100000, 0x100000 + n).every((b) => b === 0x5a)).toBe(true);
    expect(cpu.ram[0x100000 + n]).toBe(0);
  });

  it('takes a chunk when RCX has high bits set', () => {
    const { cpu } = machine(64);
    setReg(cpu, RCX, 0x1_0000_0000n);
    setReg(cpu, RDI, 0x100000n);
    start(cpu, [0xf3, 0x48, 0xab]);
    cpu.run(1);
    expect(reg(cpu, RCX)).toBe(0x1_0000_0000n - BigInt(REP_CHUNK));
    expect(reg(cpu, RDI)).toBe(BigInt(0x100000 + 8 * REP_CHUNK));
  });

  it('stores words downwards with DF', () => {
    const { cpu } = machine(64);
    cpu.flags |= DF;
    setReg(cpu, RAX, 0x1122_3344_5566_7788n);
    setReg(cpu, RDI, 0x20ff0n);
    setReg(cpu, RCX, 3n);
    start(cpu, [0xf3, 0x66, 0xab, 0xf4]);
    cpu.run(10);
    expect(reg(cpu, RDI)).toBe(0x20ff0n - 6n);
    expect([...cpu.ram.subarray(0x20fec, 0x20ff4)]).toEqual([
      0x88, 0x77, 0x88, 0x77, 0x88, 0x77, 0, 0,
    ]);
  });

  it('drops decoded code it overwrites', () => {
    const { cpu } = machine(64);
    const target = 0x11000;
    start(cpu, [0xb0, 0x01, 0xf4, 0xf4], target);
    cpu.run(10);
    expect(reg(cpu, RAX) & 0xffn).toBe(1n);
    setReg(cpu, RAX, 0xf4n);
    setReg(cpu, RDI, BigInt(target + 1));
    setReg(cpu, RCX, 2n);
    start(cpu, [0xf3, 0xaa, 0xf4]);
    cpu.run(10);
    start(cpu, [], target);
    cpu.run(10);
    expect(reg(cpu, RAX) & 0xffn).toBe(0xf4n);
  });
});

describe('lods, cmps, scas, xlat', () => {
  it('rep lods leaves the last element in the accumulator', () => {
    const { cpu } = machine(64);
    cpu.ram.set([1, 0, 2, 0, 3, 0], 0x20000);
    setReg(cpu, RAX, 0xffff_ffff_ffff_ffffn);
    setReg(cpu, RSI, 0x20000n);
    setReg(cpu, RCX, 3n);
    start(cpu, [0xf3, 0x66, 0xad, 0xf4]);
    cpu.run(10);
    expect(reg(cpu, RAX)).toBe(0xffff_ffff_ffff_0003n);
    expect(reg(cpu, RSI)).toBe(0x20006n);
  });

  it('repe cmps stops after the first difference', () => {
    const { cpu } = machine(64);
    cpu.ram.set([5, 6, 7, 8], 0x20000);
    cpu.ram.set([5, 6, 9, 8], 0x30000);
    setReg(cpu, RSI, 0x20000n);
    setReg(cpu, RDI, 0x30000n);
    setReg(cpu, RCX, 4n);
    start(cpu, [0xf3, 0xa6, 0xf4]);
    cpu.run(10);
    expect(reg(cpu, RCX)).toBe(1n);
    expect(reg(cpu, RSI)).toBe(0x20003n);
    expect(readFlags(cpu) & ZF).toBe(0);
    expect(readFlags(cpu) & 1).toBe(1); // 7 - 9 borrows
  });

  it('repne scas finds the terminator', () => {
    const { cpu } = machine(32);
    cpu.ram.set([...Buffer.from('pagescope'), 0], 0x20000);
    setReg(cpu, RAX, 0n);
    setReg(cpu, RDI, 0x20000n);
    setReg(cpu, RCX, 0xffff_ffffn);
    start(cpu, [0xf2, 0xae, 0xf4]);
    cpu.run(10);
    expect(reg(cpu, RDI)).toBe(0x2000an);
    expect(0xffff_ffffn - reg(cpu, RCX)).toBe(10n);
    expect(readFlags(cpu) & ZF).toBe(ZF);
  });

  it('wraps SI and DI at 64 KiB with a 16-bit address size in 32-bit mode', () => {
    const { cpu } = machine(32);
    cpu.ram.set([0x11, 0x22], 0xfffe);
    cpu.ram.set([0x33, 0x44], 0x0);
    setReg(cpu, RSI, 0xabcd_fffen);
    setReg(cpu, RDI, 0x0003_0000n);
    setReg(cpu, RCX, 0x0007_0002n);
    cpu.segBaseLo[ES] = 0x30000;
    start(cpu, [0x67, 0xf3, 0x66, 0xa5, 0xf4]);
    cpu.run(10);
    expect(reg(cpu, RSI)).toBe(0xabcd_0002n);
    expect(reg(cpu, RDI)).toBe(0x0003_0004n);
    expect(reg(cpu, RCX)).toBe(0x0007_0000n);
    expect([...cpu.ram.subarray(0x30000, 0x30004)]).toEqual([0x11, 0x22, 0x33, 0x44]);
  });

  it('adds segment bases outside 64-bit mode', () => {
    const { cpu } = machine(32);
    cpu.ram.set([9, 8, 7, 6], 0x21000);
    cpu.segBaseLo[FS] = 0x1000;
    cpu.segBaseLo[ES] = 0x2000;
    setReg(cpu, RSI, 0x20000n);
    setReg(cpu, RDI, 0x30000n);
    setReg(cpu, RCX, 4n);
    start(cpu, [0x64, 0xf3, 0xa4, 0xf4]);
    cpu.run(10);
    expect([...cpu.ram.subarray(0x32000, 0x32004)]).toEqual([9, 8, 7, 6]);
  });

  it('xlat looks AL up at rBX', () => {
    const { cpu } = machine(64);
    cpu.ram[0x20000 + 0x34] = 0x99;
    setReg(cpu, RAX, 0x1234n);
    setReg(cpu, RBX, 0xfeed_0002_0000n);
    start(cpu, [0x67, 0xd7, 0xf4]);
    cpu.run(10);
    expect(reg(cpu, RAX)).toBe(0x1299n);
  });
});
