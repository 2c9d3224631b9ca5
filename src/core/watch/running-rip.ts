import type { Cpu } from '../cpu/cpu.ts';
import { blockKey } from '../cpu/block-cache.ts';
import { CS } from '../cpu/registers.ts';
import { ACC_EXEC } from '../mmu/paging-bits.ts';
import { tlbIndex } from '../mmu/tlb.ts';
import { walk, WalkResult } from '../mmu/walker.ts';
import { pairToNumber } from '../pair.ts';
import type { PhysicalMemory } from '../memory/physical-memory.ts';

const scratch = new WalkResult();

/** A 64-bit (lo, hi) pair as an unsigned BigInt. */
export function pairBig(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/**
 * The address of the instruction running now, for events seen mid-block (a store, an EFER
 * write). The CPU keeps only the block's start (blockRip) and the instruction's index in it
 * (pos), so this finds the block again the way the run loop did, by the physical address of
 * its start, and adds the instruction's offset. Costs a lookup; called only to record an event.
 * Falls back to the block's start when the block is gone (a cross-page instruction, or one
 * the store itself dropped).
 */
export function runningRip(c: Cpu, ramOnly: PhysicalMemory): bigint {
  const lo = c.blockRip[0];
  const hi = c.blockRip[1];
  const base = pairBig(lo, hi);
  const linLo = c.mode === 64 ? lo : (lo + c.segBaseLo[CS]) | 0;
  const linHi = c.mode === 64 ? hi : 0;
  const phys = fetchPhysOf(c, ramOnly, linLo, linHi);
  if (phys < 0) return base;
  const block = c.blocks.get(blockKey(phys, c.mode));
  if (block === undefined || c.pos >= block.insns.length) return base;
  return BigInt.asUintN(64, base + BigInt(block.insns[c.pos].start));
}

/** The physical address of a fetch, from the TLB or a walk without side effects; -1 if none. */
function fetchPhysOf(c: Cpu, mem: PhysicalMemory, lo: number, hi: number): number {
  const t = c.tlb;
  const i = tlbIndex(lo, hi);
  if (t.tagLo[i] === (lo & ~0xfff) && t.tagHi[i] === hi) return t.physical(i) + (lo & 0xfff);
  const cr3 = pairToNumber(c.cr3[0], c.cr3[1]);
  if (!walk(c, mem, cr3, lo, hi, ACC_EXEC, 0, false, scratch)) return -1;
  return scratch.physPage + (lo & 0xfff);
}
