import { describe, expect, it } from 'vitest';
import { NMI, NP } from '../fault.ts';
import { IF } from '../flags.ts';
import { RBX, RSP } from '../registers.ts';
import type { InterruptController } from './interrupt-state.ts';
import { CODE, HANDLERS, KDATA, TestMachine } from './test-machine.ts';

const HLT = 0xf4;
const NOP = 0x90;
const STI = 0xfb;
const CLI = 0xfa;
const INC_EBX = [0xff, 0xc3];
const IRETQ = [0x48, 0xcf];
const MOV_SS_AX = [0x8e, 0xd0];
const MOV_AX = (v: number) => [0x66, 0xb8, v & 0xff, v >>> 8];

/** The RIP saved by the interrupt frame the handler sees (first slot: no error code). */
const savedRip = (m: TestMachine) => Number(m.stack(1)[0]);

describe('external interrupts and NMI between instructions', () => {
  it('takes a raised IRQ at the next instruction boundary when IF is set, with no error code', () => {
    const m = new TestMachine(64);
    m.cpu.flags |= IF;
    m.cpu.ram.set([NOP, NOP, HLT], CODE);
    m.cpu.run(1);
    m.cpu.interrupts.raise(0x0d); // a vector that has an error code as an exception
    m.run();
    expect(m.cpu.rip[0]).toBe(HANDLERS + 16 * 0x0d + 1);
    expect(m.cpu.gpr[RSP << 1]).toBe(0x60000 - 40);
    expect(m.stack(5)).toEqual([BigInt(CODE + 1), 8n, BigInt(0x2 | IF), 0x60000n, BigInt(KDATA)]);
  });

  it('holds an IRQ while IF is clear and takes it one instruction after sti', () => {
    const m = new TestMachine(64);
    m.cpu.ram.set([NOP, STI, NOP, CLI, HLT], CODE);
    m.cpu.interrupts.raise(0x20);
    m.run();
    // Taken after the nop that follows sti, before the cli: the window sti; nop; cli opens.
    expect(m.cpu.rip[0]).toBe(HANDLERS + 16 * 0x20 + 1);
    expect(savedRip(m)).toBe(CODE + 3);
  });

  it('holds an IRQ for one instruction after mov ss, however the blocks fall', () => {
    const m = new TestMachine(64);
    m.cpu.flags |= IF;
    m.cpu.ram.set([...MOV_AX(KDATA), ...MOV_SS_AX, ...INC_EBX, ...INC_EBX, HLT], CODE);
    m.cpu.run(1); // mov ax
    m.cpu.run(1); // mov ss: the shadow starts
    m.cpu.interrupts.raise(0x21);
    m.run();
    expect(savedRip(m)).toBe(CODE + 8); // after the first inc
    expect(m.cpu.gpr[RBX << 1]).toBe(1);
  });

  it('wakes a hlt, and the handler returns past it', () => {
    const m = new TestMachine(64);
    m.cpu.ram.set(IRETQ, HANDLERS + 16 * 0x30);
    m.cpu.ram.set([STI, HLT, ...INC_EBX, HLT], CODE);
    m.run();
    expect(m.cpu.halted).toBe(true);
    expect(m.cpu.rip[0]).toBe(CODE + 2);
    m.cpu.interrupts.raise(0x30);
    m.run();
    expect(m.cpu.gpr[RBX << 1]).toBe(1);
    expect(m.cpu.rip[0]).toBe(CODE + 5);
  });

  it('leaves a halted CPU with IF clear asleep', () => {
    const m = new TestMachine(64);
    m.cpu.ram.set([HLT], CODE);
    m.run();
    m.cpu.interrupts.raise(0x30);
    expect(m.cpu.run(100)).toBe(0);
    expect(m.cpu.halted).toBe(true);
  });

  it('delivers NMI with IF clear, and holds a second one until the handler irets', () => {
    const m = new TestMachine(64);
    m.cpu.ram.set([...INC_EBX, ...IRETQ], HANDLERS + 16 * NMI);
    m.cpu.ram.set([NOP, NOP, NOP, HLT], CODE);
    m.cpu.interrupts.nmi();
    m.cpu.run(1); // deliver, then the handler's inc
    m.cpu.interrupts.nmi();
    m.cpu.run(1); // blocked: the iretq runs, which ends the blocking
    expect(m.cpu.gpr[RBX << 1]).toBe(1);
    expect(m.cpu.rip[0]).toBe(CODE);
    m.cpu.run(1); // the second NMI comes before the first nop
    expect(savedRip(m)).toBe(CODE);
    expect(m.cpu.gpr[RBX << 1]).toBe(2);
    m.run();
    expect(m.cpu.rip[0]).toBe(CODE + 4);
  });

  it('acknowledges a controller and delivers the vector it names', () => {
    const m = new TestMachine(64);
    const pending: number[] = [];
    const pic: InterruptController = {
      hasInterrupt: () => pending.length > 0,
      acknowledge: () => pending.shift()!,
    };
    m.cpu.interrupts.controller = pic;
    m.cpu.flags |= IF;
    m.cpu.ram.set([NOP, NOP, HLT], CODE);
    m.cpu.run(1);
    pending.push(0x28);
    m.cpu.interrupts.poke();
    m.run();
    expect(m.cpu.rip[0]).toBe(HANDLERS + 16 * 0x28 + 1);
    expect(pending).toEqual([]);
  });

  it('reports a missing gate for an IRQ as #NP with the IDT and EXT bits set', () => {
    const m = new TestMachine(64);
    m.gate(0x40, { present: false });
    m.cpu.flags |= IF;
    m.cpu.interrupts.raise(0x40);
    m.run();
    expect(m.cpu.rip[0]).toBe(HANDLERS + 16 * NP + 1);
    expect(m.stack(2)).toEqual([BigInt(0x40 * 8 + 3), BigInt(CODE)]);
  });
});
