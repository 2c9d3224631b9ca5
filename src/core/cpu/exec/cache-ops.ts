import type { Cpu } from '../cpu.ts';
import { canonicalForModel } from '../cpu-model.ts';
import type { Insn } from '../decode/insn.ts';
import { GP } from '../fault.ts';
import { addLinear, read64, translate } from '../../mmu/access.ts';
import { ACC_READ, CR4_PCIDE } from '../../mmu/paging-bits.ts';
import { ea } from './operands.ts';
import { raise } from './raise.ts';

/**
 * TLB and cache maintenance. No cache is modelled, so wbinvd, invd and the flushes of a line
 * only check what the CPU checks; invlpg and invpcid act on the software TLB, which is what a
 * kernel's missing invalidation shows up in.
 */

/** 0F 09 wbinvd, 0F 08 invd: privileged; nothing to write back or discard. */
export function wbinvd(c: Cpu): void {
  if (c.cpl !== 0) raise(c, GP, 0, 'wbinvd/invd at CPL > 0');
}

/**
 * 0F 01 /7: invlpg m. Drops the translation of the page holding the operand's linear address
 * (the address, not the memory there: nothing is read, so nothing faults). A non-canonical
 * address matches no TLB entry, so it is the no-op the SDM says it is.
 */
export function invlpg(c: Cpu, i: Insn): void {
  if (c.cpl !== 0) raise(c, GP, 0, 'invlpg at CPL > 0');
  const lo = ea(c, i);
  c.tlb.flushPage(lo, c.tmp[1]);
  c.ripAfter(i);
}

/**
 * 66 0F 38 82: invpcid r, m128. Types: 0 one address of a PCID, 1 one PCID, 2 everything,
 * 3 everything but global entries. The TLB has no PCID tags, so types 0 and 1 drop the
 * address or every non-global entry whatever the PCID: the SDM allows invalidating more.
 */
export function invpcid(c: Cpu, i: Insn): void {
  if (c.cpl !== 0) raise(c, GP, 0, 'invpcid at CPL > 0');
  const r = i.reg << 1;
  const type = c.gpr[r];
  if ((c.mode === 64 && c.gpr[r + 1] !== 0) || type >>> 0 > 3)
    raise(c, GP, 0, 'invpcid: invalid type');
  const a = ea(c, i);
  const aHi = c.tmp[1];
  const pcid = read64(c, a, aHi);
  const pcidHi = c.tmp[0];
  // The linear-address half; outside 64-bit mode offsets wrap at 4 GiB.
  const b = c.mode === 64 ? addLinear(c, a, aHi, 8) : (a + 8) | 0;
  const addrLo = read64(c, b, c.mode === 64 ? c.tmp[1] : 0);
  const addrHi = c.tmp[0];
  if (pcidHi !== 0 || (pcid & ~0xfff) !== 0) raise(c, GP, 0, 'invpcid: descriptor bits 63:12 set');
  if (type <= 1 && pcid !== 0 && (c.cr4 & CR4_PCIDE) === 0)
    raise(c, GP, 0, 'invpcid: PCID other than 0 with CR4.PCIDE clear');
  if (type === 0) {
    if (!canonicalForModel(addrHi)) raise(c, GP, 0, 'invpcid: non-canonical address');
    c.tlb.flushPage(addrLo, addrHi);
  } else if (type === 2) c.tlb.flushAll();
  else c.tlb.flushNonGlobal();
  c.ripAfter(i);
}

/**
 * 0F AE /7: clflush m8, and clflushopt (the same with 66). The line is checked like a byte
 * read (#PF, #GP/#SS for a non-canonical address) but not read, so MMIO sees nothing.
 */
export function clflush(c: Cpu, i: Insn): void {
  const lo = ea(c, i);
  translate(c, lo, c.tmp[1], ACC_READ);
}
