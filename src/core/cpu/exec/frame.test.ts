import { describe, expect, it } from 'vitest';
import { ATTR_DATA32, createBareCpu } from '../bare-cpu.ts';
import type { Cpu } from '../cpu.ts';
import { PF_VEC, SS_VEC } from '../fault.ts';
import { RBP, RSP, SS } from '../registers.ts';

// Expected values for 64-bit mode are what the host CPU (AMD Zen 3) produced for the same
// instructions and registers.

const CODE = 0x10000;

function machine(mode: 64 | 32) {
  const vectors: number[] = [];
  const cpu = createBareCpu(mode, 4 << 20, {
    exception(c, f) {
      vectors.push(f.vector);
      c.stopRequested = true;
    },
  });
  return { cpu, vectors };
}

function run(cpu: Cpu, code: number[], at = CODE): void {
  cpu.ram.set([...code, 0xf4], at);
  cpu.rip[0] = at;
  cpu.halted = false;
  cpu.run(10);
}

function reg(cpu: Cpu, r: number): bigint {
  return (BigInt(cpu.gpr[2 * r + 1] >>> 0) << 32n) | BigInt(cpu.gpr[2 * r] >>> 0);
}

function setReg(cpu: Cpu, r: number, v: bigint): void {
  cpu.gpr[2 * r] = Number(v & 0xffffffffn) | 0;
  cpu.gpr[2 * r + 1] = Number((v >> 32n) & 0xffffffffn) | 0;
}

function q(cpu: Cpu, at: number): bigint {
  return cpu.mem.view.getBigUint64(at, true);
}

describe('enter', () => {
  it('copies the display for nesting level 3 in 64-bit mode', () => {
    const { cpu } = machine(64);
    cpu.mem.view.setBigUint64(0x2017f8, 0xaaaan, true);
    cpu.mem.view.setBigUint64(0x2017f0, 0xbbbbn, true);
    setReg(cpu, RSP, 0x201000n);
    setReg(cpu, RBP, 0x201800n);
    run(cpu, [0xc8, 0x10, 0x00, 0x03]);
    expect(reg(cpu, RSP)).toBe(0x200fd0n);
    expect(reg(cpu, RBP)).toBe(0x200ff8n);
    expect([q(cpu, 0x200ff8), q(cpu, 0x200ff0), q(cpu, 0x200fe8), q(cpu, 0x200fe0)]).toEqual([
      0x201800n,
      0xaaaan,
      0xbbbbn,
      0x200ff8n,
    ]);
  });

  it('takes the nesting level modulo 32', () => {
    const { cpu } = machine(64);
    setReg(cpu, RSP, 0x201000n);
    setReg(cpu, RBP, 0x201800n);
    run(cpu, [0xc8, 0x00, 0x00, 0x21]);
    expect(reg(cpu, RSP)).toBe(0x200ff0n);
    expect(q(cpu, 0x200ff0)).toBe(0x200ff8n);
  });

  it('merges BP into RBP with a 16-bit operand size', () => {
    const { cpu } = machine(64);
    setReg(cpu, RSP, 0x201000n);
    setReg(cpu, RBP, 0xabcd_0000_1800n);
    run(cpu, [0x66, 0xc8, 0x10, 0x00, 0x01]);
    expect(reg(cpu, RSP)).toBe(0x200fecn);
    expect(reg(cpu, RBP)).toBe(0xabcd_0000_0ffen);
    expect([...cpu.ram.subarray(0x200ffc, 0x201000)]).toEqual([0xfe, 0x0f, 0x00, 0x18]);
  });

  it('faults when the final stack pointer cannot be written, registers unchanged', () => {
    const { cpu, vectors } = machine(64);
    unmapPage(cpu, 0x1f8000);
    setReg(cpu, RSP, 0x201000n);
    setReg(cpu, RBP, 0x201800n);
    run(cpu, [0xc8, 0x00, 0x80, 0x00]);
    expect(vectors).toEqual([PF_VEC]);
    expect(reg(cpu, RSP)).toBe(0x201000n);
    expect(reg(cpu, RBP)).toBe(0x201800n);
    expect(cpu.rip[0]).toBe(CODE);
  });

  it('builds a 32-bit frame and leave takes it down', () => {
    const { cpu } = machine(32);
    cpu.mem.view.setUint32(0x300fc, 0x1111, true);
    setReg(cpu, RSP, 0x30000n);
    setReg(cpu, RBP, 0x30100n);
    run(cpu, [0xc8, 0x08, 0x00, 0x02]);
    expect(reg(cpu, RSP)).toBe(0x2ffecn);
    expect(reg(cpu, RBP)).toBe(0x2fffcn);
    const v = cpu.mem.view;
    expect([v.getUint32(0x2fffc, true), v.getUint32(0x2fff8, true)]).toEqual([0x30100, 0x1111]);
    expect(v.getUint32(0x2fff4, true)).toBe(0x2fffc);
    run(cpu, [0xc9], CODE + 0x100);
    expect(reg(cpu, RSP)).toBe(0x30000n);
    expect(reg(cpu, RBP)).toBe(0x30100n);
  });

  it('wraps SP at 64 KiB on a 16-bit stack, adding the SS base', () => {
    const { cpu } = machine(32);
    cpu.segAttr[SS] = ATTR_DATA32 & ~(1 << 22);
    cpu.segBaseLo[SS] = 0x40000;
    setReg(cpu, RSP, 0x1234_0002n);
    setReg(cpu, RBP, 0x5678n);
    run(cpu, [0xc8, 0x04, 0x00, 0x00]);
    expect(reg(cpu, RSP)).toBe(0x1234_fffan);
    expect(reg(cpu, RBP) & 0xffffn).toBe(0xfffen);
    expect(cpu.mem.view.getUint32(0x4fffe, true)).toBe(0x5678);
  });
});

describe('leave', () => {
  it('restores RSP from RBP and pops RBP', () => {
    const { cpu } = machine(64);
    cpu.mem.view.setBigUint64(0x201800, 0x1234_5678_9abcn, true);
    setReg(cpu, RSP, 0x201000n);
    setReg(cpu, RBP, 0x201800n);
    run(cpu, [0xc9]);
    expect(reg(cpu, RSP)).toBe(0x201808n);
    expect(reg(cpu, RBP)).toBe(0x1234_5678_9abcn);
  });

  it('pops BP alone with a 16-bit operand size', () => {
    const { cpu } = machine(64);
    cpu.mem.view.setUint16(0x201800, 0xd36a, true);
    setReg(cpu, RSP, 0x201000n);
    setReg(cpu, RBP, 0x201800n);
    run(cpu, [0x66, 0xc9]);
    expect(reg(cpu, RSP)).toBe(0x201802n);
    expect(reg(cpu, RBP)).toBe(0x20d36an);
  });

  it('raises #SS for a non-canonical RBP without changing RSP', () => {
    const { cpu, vectors } = machine(64);
    setReg(cpu, RSP, 0x201000n);
    setReg(cpu, RBP, 0xabcd_0000_1800n);
    run(cpu, [0x66, 0xc9]);
    expect(vectors).toEqual([SS_VEC]);
    expect(reg(cpu, RSP)).toBe(0x201000n);
    expect(reg(cpu, RBP)).toBe(0xabcd_0000_1800n);
  });
});

/** Clears the 4 KiB PTE mapping `va`, walking the four levels from CR3. */
function unmapPage(cpu: Cpu, va: number): void {
  const v = cpu.mem.view;
  let table = cpu.cr3[0] & ~0xfff;
  for (const shift of [39, 30, 21]) {
    const index = Math.floor(va / 2 ** shift) % 512;
    table = v.getUint32(table + index * 8, true) & ~0xfff;
  }
  v.setUint32(table + ((va >>> 12) & 511) * 8, 0, true);
}
