import { describe, expect, it } from 'vitest';
import { createBareCpu } from './bare-cpu.ts';
import type { Cpu } from './cpu.ts';
import type { GuestFault } from './fault.ts';
import { readFlags } from './lazy-flags.ts';

const CODE = 0x100000;

function machine() {
  const faults: { vector: number; errorCode: number; cr2: number; rip: number }[] = [];
  const cpu = createBareCpu(64, 4 << 20, {
    exception(c: Cpu, f: GuestFault) {
      faults.push({ vector: f.vector, errorCode: f.errorCode, cr2: f.cr2Lo >>> 0, rip: c.rip[0] });
      c.stopRequested = true;
    },
  });
  cpu.rip[0] = CODE;
  const load = (addr: number, bytes: number[]) => cpu.ram.set(bytes, addr);
  const runToHalt = (limit = 100_000) => {
    let n = 0;
    while (!cpu.halted && !cpu.stopRequested && n < limit) n += cpu.run(limit - n);
    return n;
  };
  const pte = (va: number) => 0x1000 + 0x2000 + 0x1000 + (va >>> 12) * 8; // see bare-cpu.ts
  return { cpu, faults, load, runToHalt, pte };
}

describe('the CPU run loop', () => {
  it('sees code the program itself writes (self-modifying code drops the decoded block)', () => {
    const { cpu, load, runToHalt } = machine();
    // mov byte [rip+1], 0x05 ; then "add eax, imm8"... the patched byte turns inc into add.
    load(CODE, [
      0xc6, 0x05, 0x01, 0x00, 0x00, 0x00, 0x41, // mov byte [rip+1], 0x41 (patch the opcode below)
      0xb8, 0x00, 0x00, 0x00, 0x00, // mov eax, 0  (its immediate's first byte gets patched)
      0xf4,
    ]); // prettier-ignore
    runToHalt();
    expect(cpu.gpr[0]).toBe(0x41);
  });

  it('gives the same results compiled as interpreted, loops included', () => {
    const program = [
      0xb9, 0xe8, 0x03, 0x00, 0x00, // mov ecx, 1000
      0x48, 0x01, 0xc8, // add rax, rcx
      0x48, 0x83, 0xc3, 0x03, // add rbx, 3
      0x48, 0x31, 0xc3, // xor rbx, rax
      0xff, 0xc9, // dec ecx
      0x75, 0xf2, // jnz -14
      0xf4,
    ]; // prettier-ignore
    const results = [1000, 1].map((hot) => {
      const { cpu, load, runToHalt } = machine();
      cpu.hotBlockRuns = hot;
      load(CODE, program);
      const n = runToHalt();
      return { n, icount: cpu.icount[0], gpr: Array.from(cpu.gpr), flags: readFlags(cpu) };
    });
    expect(results[1]).toEqual(results[0]);
    expect(results[0].n).toBe(1 + 1000 * 5 + 1);
  });

  it('stops a compiled loop exactly at the instruction budget', () => {
    const { cpu, load } = machine();
    cpu.hotBlockRuns = 1;
    load(CODE, [0x48, 0xff, 0xc0, 0xeb, 0xfb]); // inc rax ; jmp -5
    expect(cpu.run(1001)).toBe(1001);
    expect(cpu.icount[0]).toBe(1001);
    expect(cpu.gpr[0]).toBe(501);
    expect(cpu.rip[0]).toBe(CODE + 3); // the jmp is next
  });

  it('leaves flags and memory alone when a read-modify-write faults on its store', () => {
    const { cpu, faults, load, runToHalt, pte } = machine();
    const data = 0x200000;
    cpu.ram[data] = 7;
    cpu.view.setUint32(pte(data), data | 1, true); // present, read-only
    load(CODE, [0x31, 0xc0, 0x00, 0x04, 0x25, 0x00, 0x00, 0x20, 0x00]); // xor eax,eax; add [0x200000], al
    runToHalt();
    expect(faults).toEqual([{ vector: 14, errorCode: 0b11, cr2: data, rip: CODE + 2 }]);
    expect(readFlags(cpu) & 0x8d5).toBe(0x44); // ZF and PF from the xor, untouched
    expect(cpu.ram[data]).toBe(7);
  });

  it('faults an instruction fetch that crosses into an unmapped page with CR2 at the page', () => {
    const { cpu, faults, load, runToHalt, pte } = machine();
    const at = 0x101ffe;
    cpu.view.setUint32(pte(0x102000), 0, true);
    load(at, [0x48, 0xb8]); // mov rax, imm64: the immediate lies in the unmapped page
    cpu.rip[0] = at;
    runToHalt();
    expect(faults).toEqual([{ vector: 14, errorCode: 0b10000, cr2: 0x102000, rip: at }]);
  });

  it('keeps using a stale translation until the TLB entry is dropped, as hardware does', () => {
    const { cpu, load, runToHalt, pte } = machine();
    cpu.ram[0x200000] = 1;
    cpu.ram[0x201000] = 2;
    load(CODE, [0x8a, 0x04, 0x25, 0x00, 0x00, 0x20, 0x00, 0xf4]); // mov al, [0x200000]; hlt
    runToHalt();
    expect(cpu.gpr[0] & 0xff).toBe(1);
    cpu.view.setUint32(pte(0x200000), 0x201000 | 3, true); // remap without invlpg
    cpu.halted = false;
    cpu.rip[0] = CODE;
    runToHalt();
    expect(cpu.gpr[0] & 0xff).toBe(1);
    cpu.tlb.flushPage(0x200000, 0);
    cpu.halted = false;
    cpu.rip[0] = CODE;
    runToHalt();
    expect(cpu.gpr[0] & 0xff).toBe(2);
  });
});
