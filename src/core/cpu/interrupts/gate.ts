import type { Cpu } from '../cpu.ts';
import { GP, NP } from '../fault.ts';
import { addLinear } from '../../mmu/access.ts';
import { sysRead } from '../../mmu/system-access.ts';
import {
  D_CODE,
  D_P,
  D_S,
  descriptorAddress,
  dplOf,
  hex,
  markAccessed,
  readDescriptor,
  sysType,
} from '../exec/descriptor-tables.ts';
import { raise } from '../exec/raise.ts';
import { STAGE_CODE, STAGE_IDT } from './fault-chain.ts';
import { SOFTWARE } from './events.ts';

/** The IDT gate being delivered through, decoded (one per CPU, reused). */
export class GateScratch {
  /** S and type bits as sysType() returns them: 0x0e interrupt gate, 0x0f trap gate... */
  type = 0;
  selector = 0;
  offsetLo = 0;
  offsetHi = 0;
  /** IST index (64-bit gates only), 0 for none. */
  ist = 0;
  /** Protected mode: the handler's stack pointer before the pushes, and its SS descriptor. */
  sp = 0;
  ss = 0;
  ssLo = 0;
  ssHi = 0;
}

/** Error code naming an IDT entry (SDM Vol. 3, 6.13): IDT bit, and EXT for external events. */
export const idtError = (vector: number, ext: number): number => (vector << 3) | 2 | ext;
/** Error code naming a selector: its index and TI, and EXT. */
export const selectorError = (sel: number, ext: number): number => (sel & 0xfffc) | ext;

/**
 * Reads the gate for `vector` (8-byte entries outside IA-32e mode, 16-byte in it) into
 * c.interrupts.gate, with the checks in the SDM's order (INT n, Operation): the IDT limit
 * and a gate type in `types` (a mask of 1 << type), else #GP(IDT entry); for int n, int3
 * and into gate DPL >= CPL, else #GP; then presence, else #NP. So a zeroed entry is a #GP.
 */
export function readGate(c: Cpu, vector: number, kind: number, size: 8 | 16, types: number): void {
  const ext = kind === SOFTWARE ? 0 : 1;
  const s = c.interrupts;
  if (vector * size + size - 1 > c.idtr[2])
    raise(
      c,
      GP,
      idtError(vector, ext),
      `IDT entry ${vector} is past the IDT limit 0x${hex(c.idtr[2])}`,
    );
  const at = addLinear(c, c.idtr[0], c.idtr[1], vector * size);
  const atHi = c.tmp[1];
  s.chain.at(STAGE_IDT, at, atHi);
  const lo = readDescriptor(c, at, atHi);
  const hi = c.tmp[0];
  const g = s.gate;
  g.offsetHi = 0;
  if (size === 16) g.offsetHi = sysRead(c, addLinear(c, at, atHi, 8), c.tmp[1], 4);
  g.type = sysType(hi);
  g.selector = lo >>> 16;
  g.offsetLo = (lo & 0xffff) | (hi & 0xffff0000);
  g.ist = size === 16 ? hi & 7 : 0;
  if ((hi & D_S) !== 0 || ((types >>> g.type) & 1) === 0) {
    const kindText = size === 16 ? '64-bit interrupt or trap gate' : 'gate';
    raise(
      c,
      GP,
      idtError(vector, ext),
      `IDT entry ${vector}: type 0x${hex(g.type, 2)} is not a ${kindText}`,
    );
  }
  if (kind === SOFTWARE && dplOf(hi) < c.cpl)
    raise(
      c,
      GP,
      idtError(vector, 0),
      `int 0x${hex(vector, 2)}: gate DPL ${dplOf(hi)} < CPL ${c.cpl}`,
    );
  if ((hi & D_P) === 0)
    raise(c, NP, idtError(vector, ext), `IDT entry ${vector}: gate not present`);
}

/**
 * Checks the code segment a gate names and marks it accessed: a non-null selector inside
 * its table, a present code segment with DPL <= CPL. Returns the descriptor's low dword,
 * the high one in c.tmp[0].
 */
export function handlerCode(c: Cpu, vector: number, sel: number, ext: number): number {
  c.interrupts.chain.at(STAGE_CODE, sel, 0);
  if ((sel & 0xfffc) === 0) raise(c, GP, ext, `IDT entry ${vector}: null code selector`);
  const at = descriptorAddress(c, sel);
  if (at === null)
    raise(
      c,
      GP,
      selectorError(sel, ext),
      `IDT entry ${vector}: selector 0x${hex(sel)} past its table`,
    );
  const atHi = c.tmp[1];
  const lo = readDescriptor(c, at, atHi);
  const hi = c.tmp[0];
  if ((hi & (D_S | D_CODE)) !== (D_S | D_CODE) || dplOf(hi) > c.cpl) {
    const what = `type 0x${hex(sysType(hi), 2)} DPL ${dplOf(hi)}`;
    raise(
      c,
      GP,
      selectorError(sel, ext),
      `IDT entry ${vector}: selector 0x${hex(sel)} (${what}) is not code at DPL <= CPL ${c.cpl}`,
    );
  }
  if ((hi & D_P) === 0)
    raise(
      c,
      NP,
      selectorError(sel, ext),
      `IDT entry ${vector}: code segment 0x${hex(sel)} not present`,
    );
  c.tmp[0] = markAccessed(c, at, atHi, hi);
  return lo;
}
