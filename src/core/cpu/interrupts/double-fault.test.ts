import { describe, expect, it } from 'vitest';
import { DF_VEC, GP, NP, PF_VEC, UD } from '../fault.ts';
import { RSP } from '../registers.ts';
import { GuestExceptionSink } from './deliver.ts';
import { CODE, HANDLERS, IDT, IST1, KSTACK, TestMachine } from './test-machine.ts';

/** The PTE of a page in bare-cpu.ts's identity map. */
const pte = (addr: number) => 0x4000 + 8 * (addr >>> 12);

function unmap(m: TestMachine, addr: number): void {
  m.cpu.view.setUint32(pte(addr), 0, true);
  m.cpu.tlb.flushAll();
}

function raise(m: TestMachine, vector: number, errorCode = 0): void {
  const f = m.cpu.fault;
  f.vector = vector;
  f.hasErrorCode = vector === GP || vector === PF_VEC;
  f.errorCode = errorCode;
  f.detail = 'raised by the test';
  new GuestExceptionSink().exception(m.cpu, f);
  m.run();
}

describe('faults while delivering an event (SDM Vol. 3, table 6-5)', () => {
  it('turns a contributory fault while delivering a contributory one into #DF(0)', () => {
    const m = new TestMachine(64);
    m.gate(GP, { present: false });
    raise(m, GP, 0x10);
    expect(m.cpu.rip[0]).toBe(HANDLERS + 16 * DF_VEC + 1);
    expect(m.stack(2)).toEqual([0n, BigInt(CODE)]);
  });

  it('delivers a fault after a benign event serially, with EXT set in its error code', () => {
    const m = new TestMachine(64);
    m.gate(UD, { present: false });
    m.cpu.ram.set([0x0f, 0x0b], CODE);
    m.run();
    expect(m.cpu.rip[0]).toBe(HANDLERS + 16 * NP + 1);
    expect(m.stack(2)).toEqual([BigInt(UD * 8 + 2 + 1), BigInt(CODE)]);
  });

  it('handles a page fault while delivering #GP serially, then #DF on IST1 for the repeat', () => {
    // Kernel stack overflow: the #GP frame goes to an unmapped page; so would the #PF's,
    // and a #PF while delivering a #PF is a double fault, which the IST stack catches.
    const m = new TestMachine(64);
    unmap(m, KSTACK - 0x1000);
    m.gate(DF_VEC, { ist: 1 });
    raise(m, GP, 0x10);
    expect(m.cpu.rip[0]).toBe(HANDLERS + 16 * DF_VEC + 1);
    expect(m.cpu.gpr[RSP << 1]).toBe(IST1 - 48);
    expect(m.stack(6)[4]).toBe(BigInt(KSTACK)); // the RSP the #DF frame saved
    expect(m.cpu.cr2[0]).toBe(KSTACK - 8); // the #PF's: the first slot of its frame
  });

  it('loads CR2 with the second page fault even when it turns into #DF', () => {
    // A stack overflow's #PF: the CPU fails to push the #PF frame, and the #DF handler finds
    // the address of that push in CR2, not the first fault's (SDM Vol. 3A 6.15, interrupt 14).
    const m = new TestMachine(64);
    unmap(m, KSTACK - 0x1000);
    m.gate(DF_VEC, { ist: 1 });
    m.cpu.fault.cr2Lo = 0x1234000;
    m.cpu.fault.cr2Hi = 0;
    raise(m, PF_VEC, 2);
    expect(m.cpu.rip[0]).toBe(HANDLERS + 16 * DF_VEC + 1);
    expect(m.cpu.cr2[0]).toBe(KSTACK - 8);
  });

  it('stops the machine on a fault while delivering #DF, recording the chain (unmapped IDT)', () => {
    const m = new TestMachine(64);
    unmap(m, IDT);
    m.cpu.ram.set([0x0f, 0x0b], CODE);
    m.run();
    const s = m.cpu.shutdown!;
    expect(m.cpu.stopRequested).toBe(true);
    expect(m.cpu.halted).toBe(false);
    expect(s.chain.map((l) => [l.name, l.errorCode])).toEqual([
      ['#UD', null],
      ['#PF', 0],
      ['#DF', 0],
    ]);
    for (const l of s.chain) expect(l.rip).toBe(BigInt(CODE));
    expect(s.chain[0].cause).toBe('ud2');
    expect(s.chain[1].cr2).toBe(BigInt(IDT + 16 * UD));
    expect(s.chain[2].cause).toBe('#PF while delivering #PF');
    expect(s.chain[0].failure).toBe(
      `IDT entry 6 at 0x${(IDT + 0x60).toString(16).padStart(16, '0')}: not mapped (#PF)`,
    );
    expect(s.chain[2].failure).toMatch(/^IDT entry 8 at 0x0+21080: not mapped \(#PF\)$/);
    expect(s.summary).toMatch(/^triple fault: #UD -> #PF -> #DF -> shutdown; IDT entry 8/);
  });

  it('names the stack in the chain when the double-fault frame cannot be pushed', () => {
    const m = new TestMachine(64);
    unmap(m, KSTACK - 0x1000);
    raise(m, PF_VEC, 0);
    const s = m.cpu.shutdown!;
    expect(s.chain.map((l) => l.name)).toEqual(['#PF', '#DF']);
    expect(s.chain[1].failure).toBe('stack 0x000000000005fff8: not mapped (#PF)');
  });
});
