import type { Cpu } from '../cpu/cpu.ts';
import type { ShutdownRecord } from '../cpu/interrupts/fault-chain.ts';
import { ramPerm } from '../mmu/access.ts';
import { loadFields, saveFields } from './snapshot-fields.ts';
import type { SavedState } from './snapshot-fields.ts';

/**
 * Cpu fields that are not saved as plain fields. Everything else the Cpu owns is: every
 * CpuState register (whatever fields it gains), the instruction count, the halt state, the
 * run flags (attention, exitBlock...) and the fast-path rights of the current CPL.
 */
const CPU_NOT_FIELDS = [
  // Wiring to the machine.
  'mem',
  'io',
  'ram',
  'view',
  'sink',
  'watch',
  // Parts saved on their own.
  'tlb',
  'msrs',
  'interrupts',
  'shutdown',
  // The decoded-block cache: a pure cache of RAM bytes (restoring RAM invalidates it).
  'blocks',
  // Scratch of the running instruction: meaningless between instructions. (`seg`, the
  // segment of the access in progress, is set before each access: between instructions it
  // tells only whether the last thing done was a block fetch, which slicing decides.)
  'seg',
  'fault',
  'walkResult',
  'tmp',
  'blockRip',
  'crossBuf',
  'pos',
  'loopRetired',
  'blockPhys',
  'callerCut',
  // How eagerly blocks are compiled: configuration, not guest state.
  'hotBlockRuns',
];

/** InterruptState fields that are wiring or delivery scratch (the rest is pending events). */
const INTERRUPTS_NOT_FIELDS = ['cpu', 'controller', 'gate', 'chain'];

export interface CpuSnapshot {
  fields: SavedState;
  msrs: SavedState;
  /** NMI pending and blocked, the sti / mov ss shadow, vectors raised without a controller. */
  interrupts: SavedState;
  tlb: SavedState;
  /** The triple fault that stopped the CPU: immutable once made, so shared, not copied. */
  shutdown: ShutdownRecord | null;
}

export function saveCpu(c: Cpu): CpuSnapshot {
  return {
    fields: saveFields(c, CPU_NOT_FIELDS),
    msrs: saveFields(c.msrs),
    interrupts: saveFields(c.interrupts, INTERRUPTS_NOT_FIELDS),
    tlb: c.tlb.saveState(),
    shutdown: c.shutdown,
  };
}

/**
 * Loads a saved CPU. Call it after guest RAM is restored and the decoded blocks of rewritten
 * pages dropped: the TLB's RAM bits are recomputed from the frames as a fill would set them.
 */
export function loadCpu(c: Cpu, s: CpuSnapshot): void {
  loadFields(c, s.fields);
  loadFields(c.msrs, s.msrs);
  loadFields(c.interrupts, s.interrupts);
  c.tlb.loadState(s.tlb, (frame) => ramPerm(c, frame));
  c.shutdown = s.shutdown;
  c.pos = 0;
}
