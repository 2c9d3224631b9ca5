import { describe, expect, it } from 'vitest';
import type { PortDevice } from '../../io-bus.ts';
import { createBareCpu } from '../bare-cpu.ts';
import type { Cpu } from '../cpu.ts';
import { GP, PF_VEC } from '../fault.ts';
import { IOPL } from '../flags.ts';
import { RAX, RCX, RDI, RDX, RSI, TR } from '../registers.ts';
import { checkIoPermission } from './port-io.ts';

const CODE = 0x10000;

/** Records every access; reads return the port plus a running count, so order shows. */
class FakeDevice implements PortDevice {
  readonly log: string[] = [];
  onOut = (): void => {};
  private reads = 0;

  in(port: number, size: number): number {
    this.log.push(`in ${port.toString(16)}/${size}`);
    return (port + this.reads++) & (size === 4 ? -1 : (1 << (8 * size)) - 1);
  }

  out(port: number, size: number, value: number): void {
    this.log.push(`out ${port.toString(16)}/${size}=${value.toString(16)}`);
    this.onOut();
  }
}

function machine(mode: 64 | 32) {
  const faults: { vector: number; errorCode: number }[] = [];
  const cpu = createBareCpu(mode, 4 << 20, {
    exception(c, f) {
      faults.push({ vector: f.vector, errorCode: f.errorCode });
      c.stopRequested = true;
    },
  });
  const device = new FakeDevice();
  cpu.io.register(0, 0x10000, device);
  return { cpu, faults, device };
}

function run(cpu: Cpu, code: number[]): void {
  cpu.ram.set([...code, 0xf4], CODE);
  cpu.rip[0] = CODE;
  cpu.run(10);
}

function reg(cpu: Cpu, r: number): bigint {
  return (BigInt(cpu.gpr[2 * r + 1] >>> 0) << 32n) | BigInt(cpu.gpr[2 * r] >>> 0);
}

function setReg(cpu: Cpu, r: number, v: bigint): void {
  cpu.gpr[2 * r] = Number(v & 0xffffffffn) | 0;
  cpu.gpr[2 * r + 1] = Number((v >> 32n) & 0xffffffffn) | 0;
}

describe('in and out', () => {
  it('reads a byte port into AL, keeping the rest of RAX', () => {
    const { cpu, device } = machine(64);
    setReg(cpu, RAX, 0x1111_2222_3333_4444n);
    run(cpu, [0xe4, 0x60]);
    expect(device.log).toEqual(['in 60/1']);
    expect(reg(cpu, RAX)).toBe(0x1111_2222_3333_4460n);
  });

  it('reads 16 bits with 66 and 32 bits with or without REX.W, from DX', () => {
    const { cpu, device } = machine(64);
    setReg(cpu, RAX, 0x1111_2222_3333_4444n);
    setReg(cpu, RDX, 0xffff_0000_0000_1f0n);
    run(cpu, [0x66, 0xed, 0x48, 0xed]);
    expect(device.log).toEqual(['in 1f0/2', 'in 1f0/4']);
    expect(reg(cpu, RAX)).toBe(0x1f1n);
  });

  it('writes the accumulator at the operand size', () => {
    const { cpu, device } = machine(64);
    setReg(cpu, RAX, 0x8765_4321_cafe_f00dn);
    setReg(cpu, RDX, 0x3f8n);
    run(cpu, [0xe7, 0x80, 0xee, 0x66, 0xef]);
    expect(device.log).toEqual(['out 80/4=cafef00d', 'out 3f8/1=d', 'out 3f8/2=f00d']);
  });
});

describe('ins and outs', () => {
  it('rep outsb sends the bytes in order', () => {
    const { cpu, device } = machine(64);
    cpu.ram.set([0x41, 0x42, 0x43], 0x20000);
    setReg(cpu, RSI, 0x20000n);
    setReg(cpu, RDX, 0xe9n);
    setReg(cpu, RCX, 3n);
    run(cpu, [0xf3, 0x6e]);
    expect(device.log).toEqual(['out e9/1=41', 'out e9/1=42', 'out e9/1=43']);
    expect(reg(cpu, RSI)).toBe(0x20003n);
    expect(reg(cpu, RCX)).toBe(0n);
  });

  it('rep insw stores each word the port gives', () => {
    const { cpu, device } = machine(64);
    setReg(cpu, RDI, 0x30000n);
    setReg(cpu, RDX, 0x1f0n);
    setReg(cpu, RCX, 3n);
    run(cpu, [0xf3, 0x66, 0x6d]);
    expect(device.log).toHaveLength(3);
    expect([...new Uint16Array(cpu.ram.slice(0x30000, 0x30006).buffer)]).toEqual([
      0x1f0, 0x1f1, 0x1f2,
    ]);
    expect(reg(cpu, RDI)).toBe(0x30006n);
  });

  it('stops after the element that made a device raise an interrupt, and resumes', () => {
    const { cpu, device } = machine(64);
    device.onOut = () => {
      if (device.log.length === 2) cpu.interrupts.raise(0x20);
    };
    cpu.ram.set([0x41, 0x42, 0x43], 0x20000);
    setReg(cpu, RSI, 0x20000n);
    setReg(cpu, RDX, 0xe9n);
    setReg(cpu, RCX, 3n);
    cpu.ram.set([0xf3, 0x6e, 0xf4], CODE);
    cpu.rip[0] = CODE;
    expect(cpu.run(1)).toBe(1);
    expect(reg(cpu, RCX)).toBe(1n);
    expect(cpu.rip[0]).toBe(CODE);
    cpu.run(10);
    expect(device.log).toEqual(['out e9/1=41', 'out e9/1=42', 'out e9/1=43']);
    expect(cpu.halted).toBe(true);
  });

  it('does not read the port when the destination faults', () => {
    const { cpu, device, faults } = machine(64);
    setReg(cpu, RDI, 0n); // page 0 is left unmapped
    setReg(cpu, RDX, 0x1f0n);
    run(cpu, [0x6c]);
    expect(faults).toEqual([{ vector: PF_VEC, errorCode: 2 }]);
    expect(device.log).toEqual([]);
  });
});

describe('I/O permission', () => {
  const TSS = 0x50000;
  const MAP = 0x68;

  /** CPL 3, IOPL 0, a 64-bit TSS whose full bitmap (plus the closing 0xff) allows 0x60-0x64
   * and 0x6e-0x71. */
  function userWithTss(mode: 64 | 32) {
    const m = machine(mode);
    const { cpu } = m;
    cpu.ram.fill(0xff, TSS, TSS + MAP + 0x2001);
    cpu.mem.view.setUint16(TSS + 0x66, MAP, true);
    cpu.ram[TSS + MAP + 12] = 0xe0; // ports 0x60-0x64
    cpu.ram[TSS + MAP + 13] = 0x3f; // ports 0x6e, 0x6f
    cpu.ram[TSS + MAP + 14] = 0xfc; // ports 0x70, 0x71
    cpu.segBaseLo[TR] = TSS;
    cpu.segLimit[TR] = MAP + 0x2000;
    cpu.segAttr[TR] = 0x8b00;
    cpu.cpl = 3;
    return m;
  }

  function denied(cpu: Cpu, port: number, size: number): boolean {
    try {
      checkIoPermission(cpu, port, size);
      return false;
    } catch (e) {
      if (e !== cpu.fault) throw e;
      expect([cpu.fault.vector, cpu.fault.errorCode]).toEqual([GP, 0]);
      return true;
    }
  }

  it('allows an access only when every port bit is clear', () => {
    // The TSS page is supervisor-only: the bitmap read is an implicit supervisor access.
    const { cpu } = userWithTss(64);
    expect(denied(cpu, 0x60, 1)).toBe(false);
    expect(denied(cpu, 0x61, 4)).toBe(false);
    expect(denied(cpu, 0x63, 4)).toBe(true);
    expect(denied(cpu, 0x65, 1)).toBe(true);
    expect(denied(cpu, 0x6e, 4)).toBe(false);
    expect(denied(cpu, 0x6d, 2)).toBe(true);
  });

  it('needs both bytes of the bitmap word inside the TSS limit', () => {
    const { cpu } = userWithTss(64);
    cpu.segLimit[TR] = MAP + 12;
    expect(denied(cpu, 0x60, 1)).toBe(true);
    cpu.segLimit[TR] = MAP + 13;
    expect(denied(cpu, 0x60, 1)).toBe(false);
    cpu.mem.view.setUint16(TSS + 0x66, 0xfff0, true);
    expect(denied(cpu, 0x60, 1)).toBe(true);
  });

  it('is not consulted when CPL <= IOPL or in real mode', () => {
    const { cpu } = userWithTss(64);
    cpu.flags |= IOPL;
    expect(denied(cpu, 0x65, 1)).toBe(false);
    cpu.flags &= ~IOPL;
    cpu.cpl = 0;
    expect(denied(cpu, 0x65, 1)).toBe(false);
    cpu.cpl = 3;
    cpu.cr0 &= ~1;
    expect(denied(cpu, 0x65, 1)).toBe(false);
  });

  it('denies everything with a 16-bit TSS, which has no bitmap', () => {
    const { cpu } = userWithTss(64);
    cpu.segAttr[TR] = 0x8300;
    expect(denied(cpu, 0x60, 1)).toBe(true);
  });

  it('raises #GP at the instruction, and rep with a zero count checks nothing', () => {
    const { cpu, faults, device } = userWithTss(32);
    setReg(cpu, RDX, 0x65n);
    setReg(cpu, RCX, 0n);
    run(cpu, [0xe4, 0x60, 0xf3, 0x6e, 0xec]);
    expect(device.log).toEqual(['in 60/1']);
    expect(faults).toEqual([{ vector: GP, errorCode: 0 }]);
    expect(cpu.rip[0]).toBe(CODE + 4);
  });
});
