import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { AC, AF, CF, FIXED_ONE, IF, IOPL, OF, PF, RF, SF, TF, VM, WRITABLE, ZF } from '../flags.ts';
import { arithFlags, readFlags, setArithFlags } from '../lazy-flags.ts';
import { pop, push } from './stack.ts';

/** The flags lahf and sahf move through AH (bits 7, 6, 4, 2, 0 of RFLAGS). */
const AH_FLAGS = SF | ZF | AF | PF | CF;

/** 9F: lahf: AH = SF:ZF:0:AF:0:PF:1:CF. */
export function lahf(c: Cpu): void {
  const f = (arithFlags(c) & AH_FLAGS) | FIXED_ONE;
  c.gpr[0] = (c.gpr[0] & ~0xff00) | (f << 8);
}

/** 9E: sahf: SF ZF AF PF CF from AH; OF stays. */
export function sahf(c: Cpu): void {
  setArithFlags(c, (arithFlags(c) & OF) | ((c.gpr[0] >>> 8) & AH_FLAGS));
}

/** 9C: pushf/pushfd/pushfq (64-bit by default in long mode). The image has VM and RF clear. */
export function pushf(c: Cpu, i: Insn): void {
  const f = readFlags(c) & ~(VM | RF);
  push(c, i.osize, i.osize === 2 ? f & 0xffff : f, 0);
}

/**
 * 9D: popf/popfd/popfq. At CPL 0 every writable flag loads (IF and IOPL included); above it
 * IOPL stays, and IF too unless CPL <= IOPL. The 32- and 64-bit forms clear RF; the 16-bit form
 * reaches only the low word. VM (no virtual-8086 mode here), VIF and VIP never change. A change
 * of IF or TF ends the block, so interrupts and single-stepping see it at once.
 */
export function popf(c: Cpu, i: Insn): void {
  const size = i.osize;
  const v = pop(c, size);
  let mask = size === 2 ? WRITABLE & 0xffff : WRITABLE & ~RF;
  if (c.cpl > 0) {
    mask &= ~IOPL;
    if (c.cpl > (c.flags & IOPL) >> 12) mask &= ~IF;
  }
  const old = c.flags;
  let f = (old & ~mask) | (v & mask) | FIXED_ONE;
  if (size !== 2) f &= ~RF;
  c.flags = f;
  setArithFlags(c, v);
  if (((old ^ f) & (IF | TF)) !== 0) c.endBlock();
  if (((old ^ f) & AC) !== 0) c.updateAccessRights();
}
