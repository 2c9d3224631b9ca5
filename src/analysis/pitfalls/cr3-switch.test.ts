import { describe, expect, it } from 'vitest';
import {
  le32,
  loadCr3,
  mb2Kernel,
  movDword32,
  pagingOn32,
  SPIN,
} from '../../boot/test-helpers/guest-code.ts';
import { bootMachine } from '../../engine/boot-machine.ts';
import { DETECTORS, PitfallMonitor } from './index.ts';

const PD_A = 0x300000;
const PD_B = 0x301000;
const PT_B = 0x302000;
const IDT = 0x400000;
const IDTR = 0x200000;

/**
 * Switches A -> B -> A, then clears B's entry for the IDT page in a page table no walk has
 * read (nothing touches the IDT), and switches A -> B again: the same switch as the first,
 * which now unmaps the IDT.
 */
function switchAgainKernel(): Uint8Array {
  return mb2Kernel([
    ...movDword32(PD_A, 0x83), // A: 0-4 MiB and the IDT's 4 MiB, identity
    ...movDword32(PD_A + 4, IDT | 0x83),
    ...movDword32(PD_B, 0x83), // B: 0-4 MiB, and the IDT's page through PT_B
    ...movDword32(PD_B + 4, PT_B | 3),
    ...movDword32(PT_B, IDT | 3),
    ...movDword32(IDTR, 0xff), // limit 0xff, base IDT
    ...movDword32(IDTR + 4, IDT >>> 16),
    ...[0x0f, 0x01, 0x1d, ...le32(IDTR)], // lidt [IDTR]
    ...[0xbc, ...le32(0x200f00)], // mov esp, 0x200f00
    ...pagingOn32(PD_A),
    ...loadCr3(PD_B),
    ...loadCr3(PD_A),
    ...movDword32(PT_B, 0),
    ...loadCr3(PD_B),
    ...SPIN,
  ]);
}

describe('cr3-switch', () => {
  it('checks a switch it has seen again once a table it read changed, walked or not', () => {
    const booted = bootMachine(switchAgainKernel(), { imageName: 'switch-again' });
    if (!booted.ok) throw new Error(booted.error.message);
    const monitor = new PitfallMonitor(booted.machine, DETECTORS, {
      symbols: [],
      regions: booted.plan.regions,
    });
    booted.machine.run(200);
    const lost = monitor.finish().filter((f) => f.detector === 'cr3-switch');
    expect(lost.map((f) => f.what)).toEqual([
      expect.stringMatching(/^Loading CR3 with 0x301000 unmaps the IDT at 0x400000/),
    ]);
  });
});
