import { describe, expect, it } from 'vitest';
import { runCode } from '../../../../tests/sse/bare.ts';
import { CODE_BASE } from '../../../../tests/sse/case.ts';
import { mapOnly } from '../bare-cpu.ts';
import type { Cpu } from '../cpu.ts';
import { L7C_OSPKE, L7C_PKU } from '../cpu-model.ts';
import { GP, UD } from '../fault.ts';
import { CR4_PKE } from '../../mmu/paging-bits.ts';

// RDPKRU and WRPKRU (SDM Vol. 2): #UD without CR4.PKE or with a 66/F2/F3/LOCK prefix, #GP(0)
// for ECX != 0 (and EDX != 0 for WRPKRU); EAX in and out, the upper halves ignored or cleared.

const RDPKRU = [0x0f, 0x01, 0xee];
const WRPKRU = [0x0f, 0x01, 0xef];
const RAX = 0;
const RCX = 2;
const RDX = 4;
const pke = (c: Cpu) => (c.cr4 |= CR4_PKE);

/** CPL 3, running from a user page. */
function user(c: Cpu): void {
  mapOnly(c.mem, [[CODE_BASE, CODE_BASE + 0x1000]], true);
  c.cpl = 3;
  c.updateAccessRights();
}

function regs(c: Cpu, rax: [number, number], rcx: [number, number], rdx: [number, number]) {
  [c.gpr[RAX], c.gpr[RAX + 1]] = rax;
  [c.gpr[RCX], c.gpr[RCX + 1]] = rcx;
  [c.gpr[RDX], c.gpr[RDX + 1]] = rdx;
}

describe('rdpkru', () => {
  it('reads PKRU into EAX and clears EDX and both upper halves, ignoring RCX[63:32]', () => {
    const { cpu, fault } = runCode(RDPKRU, (c) => {
      pke(c);
      c.pkru = 0x5555000c;
      regs(c, [-1, -1], [0, 7], [-1, -1]);
    });
    expect(fault).toBeNull();
    expect([cpu.gpr[RAX] >>> 0, cpu.gpr[RAX + 1]]).toEqual([0x5555000c, 0]);
    expect([cpu.gpr[RDX], cpu.gpr[RDX + 1]]).toEqual([0, 0]);
  });

  it('raises #UD with CR4.PKE = 0', () => {
    expect(runCode(RDPKRU).fault).toEqual({ vector: UD, errorCode: null });
  });

  it('raises #GP(0) with ECX != 0', () => {
    const { fault } = runCode(RDPKRU, (c) => (pke(c), regs(c, [0, 0], [1, 0], [0, 0])));
    expect(fault).toEqual({ vector: GP, errorCode: 0 });
  });

  it('raises #UD with a 66, F3 or LOCK prefix', () => {
    for (const prefix of [0x66, 0xf3, 0xf0])
      expect(runCode([prefix, ...RDPKRU], pke).fault?.vector).toBe(UD);
  });

  it('runs at CPL 3 and in 32-bit code', () => {
    const atCpl3 = runCode(RDPKRU, (c) => (pke(c), (c.pkru = 8), user(c)));
    // The hlt after it is #GP at CPL 3: RIP on the hlt says rdpkru ran.
    expect(atCpl3.fault).toEqual({ vector: GP, errorCode: 0 });
    expect(atCpl3.cpu.rip[0]).toBe(CODE_BASE + RDPKRU.length);
    expect(atCpl3.cpu.gpr[RAX]).toBe(8);
    const legacy = runCode(RDPKRU, (c) => (pke(c), (c.pkru = 4)), 32);
    expect(legacy.fault).toBeNull();
    expect(legacy.cpu.gpr[RAX]).toBe(4);
  });
});

describe('wrpkru', () => {
  it('writes EAX into PKRU, ignoring the upper halves of RAX, RCX and RDX', () => {
    const { cpu, fault } = runCode(WRPKRU, (c) => (pke(c), regs(c, [0xc, 5], [0, -1], [0, 9])));
    expect(fault).toBeNull();
    expect(cpu.pkru).toBe(0xc);
  });

  it('raises #UD with CR4.PKE = 0 and leaves PKRU alone', () => {
    const { cpu, fault } = runCode(WRPKRU, (c) => regs(c, [4, 0], [0, 0], [0, 0]));
    expect(fault).toEqual({ vector: UD, errorCode: null });
    expect(cpu.pkru).toBe(0);
  });

  it('raises #GP(0) with ECX != 0 or EDX != 0', () => {
    for (const [ecx, edx] of [
      [1, 0],
      [0, 1],
    ]) {
      const { cpu, fault } = runCode(WRPKRU, (c) => (pke(c), regs(c, [4, 0], [ecx, 0], [edx, 0])));
      expect(fault).toEqual({ vector: GP, errorCode: 0 });
      expect(cpu.pkru).toBe(0);
    }
  });

  it('raises #UD with an F2 prefix', () => {
    expect(runCode([0xf2, ...WRPKRU], pke).fault?.vector).toBe(UD);
  });
});

describe('CR4.PKE and CPUID', () => {
  const MOV_EAX = (v: number) => [0xb8, v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
  const MOV_CR4_EAX = [0x0f, 0x22, 0xe0];
  const CPUID_7 = [...MOV_EAX(7), 0x31, 0xc9, 0x0f, 0xa2]; // mov eax, 7; xor ecx, ecx; cpuid

  it('sets CR4.PKE in long mode and outside it (it only acts under 4-/5-level paging)', () => {
    const long = runCode([0x0f, 0x20, 0xe0, 0x0d, 0, 0, 0x40, 0, ...MOV_CR4_EAX]);
    expect(long.fault).toBeNull();
    expect(long.cpu.cr4 & CR4_PKE).toBe(CR4_PKE);
    const legacy = runCode([...MOV_EAX(CR4_PKE), ...MOV_CR4_EAX], undefined, 32);
    expect(legacy.fault).toBeNull();
    expect(legacy.cpu.cr4).toBe(CR4_PKE);
  });

  it('reports PKU always and OSPKE as CR4.PKE says', () => {
    const off = runCode(CPUID_7).cpu.gpr[RCX];
    expect(off & (L7C_PKU | L7C_OSPKE)).toBe(L7C_PKU);
    const on = runCode(CPUID_7, pke).cpu.gpr[RCX];
    expect(on & (L7C_PKU | L7C_OSPKE)).toBe(L7C_PKU | L7C_OSPKE);
  });
});
