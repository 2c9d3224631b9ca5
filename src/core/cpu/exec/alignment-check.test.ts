import { describe, expect, it } from 'vitest';
import { runCode } from '../../../../tests/sse/bare.ts';
import type { Cpu } from '../cpu.ts';
import { CODE_BASE } from '../../../../tests/sse/case.ts';
import { AC_VEC, GP } from '../fault.ts';
import { AC } from '../flags.ts';

// Alignment checking (#AC, SDM Vol. 3, 6.15): CR0.AM, RFLAGS.AC and CPL 3 together make a
// misaligned data access fault with error code 0.

const CR0_AM = 1 << 18;
const EBX_LO = 6;
const ESP_LO = 8;
const DATA = 0x200000;
const MOV_EAX_EBX_PLUS_1 = [0x8b, 0x43, 0x01];
const MOV_EAX_EBX_PLUS_4 = [0x8b, 0x43, 0x04];
const MOV_AL_EBX_PLUS_1 = [0x8a, 0x43, 0x01];
const MOV_EBX_PLUS_2_AX = [0x66, 0x89, 0x43, 0x02];
const MOV_EBX_PLUS_6_EAX = [0x89, 0x43, 0x06];

/** Runs `code` and tells whether it ran to its end: the hlt after it, which at CPL 3 is #GP
 * with RIP on it. */
function completes(code: number[], prepare: (c: Cpu) => void): boolean {
  const { cpu, fault } = runCode(code, prepare, 32);
  const atEnd = cpu.rip[0] === CODE_BASE + code.length;
  return fault === null ? cpu.halted : fault.vector === GP && atEnd;
}

function setup(cpl: number, am: boolean, ac: boolean) {
  return (c: Cpu) => {
    c.gpr[EBX_LO] = DATA;
    c.gpr[ESP_LO] = DATA + 0x1000;
    if (am) c.cr0 |= CR0_AM;
    if (ac) c.flags |= AC;
    c.cpl = cpl;
    c.updateAccessRights();
  };
}

describe('alignment checking', () => {
  it('raises #AC(0) for a misaligned dword read at CPL 3 with CR0.AM and RFLAGS.AC', () => {
    const { fault } = runCode(MOV_EAX_EBX_PLUS_1, setup(3, true, true), 32);
    expect(fault).toEqual({ vector: AC_VEC, errorCode: 0 });
  });

  it('checks writes too: words at odd-of-two and dwords at odd-of-four addresses', () => {
    expect(runCode(MOV_EBX_PLUS_6_EAX, setup(3, true, true), 32).fault?.vector).toBe(AC_VEC);
    expect(completes(MOV_EBX_PLUS_2_AX, setup(3, true, true))).toBe(true);
  });

  it('lets aligned and byte accesses through', () => {
    expect(completes(MOV_EAX_EBX_PLUS_4, setup(3, true, true))).toBe(true);
    expect(completes(MOV_AL_EBX_PLUS_1, setup(3, true, true))).toBe(true);
  });

  it('does not check at CPL 0, without CR0.AM or without RFLAGS.AC', () => {
    expect(completes(MOV_EAX_EBX_PLUS_1, setup(0, true, true))).toBe(true);
    expect(completes(MOV_EAX_EBX_PLUS_1, setup(3, false, true))).toBe(true);
    expect(completes(MOV_EAX_EBX_PLUS_1, setup(3, true, false))).toBe(true);
  });

  it('starts checking as soon as popfd sets RFLAGS.AC, and stops when it clears it', () => {
    const pushAc = [0x68, 0x02, 0x00, 0x04, 0x00]; // push 0x40002 (AC and the fixed bit 1)
    const popfd = [0x9d];
    const on = runCode([...pushAc, ...popfd, ...MOV_EAX_EBX_PLUS_1], setup(3, true, false), 32);
    expect(on.fault?.vector).toBe(AC_VEC);
    const pushNone = [0x6a, 0x02]; // push 2
    expect(completes([...pushNone, ...popfd, ...MOV_EAX_EBX_PLUS_1], setup(3, true, true))).toBe(
      true,
    );
  });
});
