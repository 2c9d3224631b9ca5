import type { Cpu } from '../cpu.ts';
import { GP, SS_VEC, TS } from '../fault.ts';
import { IF, NT, RF, TF, VM } from '../flags.ts';
import { readFlags } from '../lazy-flags.ts';
import { CS, RSP, SS, TR } from '../registers.ts';
import { addLinear, write64 } from '../../mmu/access.ts';
import { sysRead64, sysWrite64 } from '../../mmu/system-access.ts';
import {
  D_CONFORMING,
  D_DB,
  D_L,
  dplOf,
  hex,
  isCanonical,
  loadCache,
} from '../exec/descriptor-tables.ts';
import { raise } from '../exec/raise.ts';
import { loadNullStack } from '../exec/segment-load.ts';
import { pushesRf, SOFTWARE } from './events.ts';
import { STAGE_STACK, STAGE_TSS } from './fault-chain.ts';
import { handlerCode, readGate, selectorError } from './gate.ts';

/** In IA-32e mode the IDT holds only 64-bit interrupt (0x0e) and trap (0x0f) gates. */
const GATE_TYPES = (1 << 0x0e) | (1 << 0x0f);
const INTERRUPT_GATE = 0x0e;
/** Offset of IST1 in the 64-bit TSS; RSP0 is at 4 (SDM Vol. 3, figure 8-11). */
const TSS_IST1 = 0x24;
const TSS_RSP0 = 4;

/**
 * Delivery in IA-32e mode (SDM Vol. 3, 6.14): 16-byte gates to 64-bit code; a new stack
 * from the TSS on a privilege change (RSPn) or always with an IST index, with SS null at the
 * new CPL when the CPL changes; RSP aligned down to 16; SS, RSP, RFLAGS, CS, RIP and the
 * error code pushed as 8 bytes each. Everything is checked and pushed before any register
 * changes, so a fault part way leaves the CPU as it was.
 */
export function deliverLong(c: Cpu, vector: number, kind: number, err: number, pushErr: boolean) {
  const ext = kind === SOFTWARE ? 0 : 1;
  readGate(c, vector, kind, 16, GATE_TYPES);
  const g = c.interrupts.gate;
  const sel = g.selector;
  const csLo = handlerCode(c, vector, sel, ext);
  const csHi = c.tmp[0];
  if ((csHi & (D_L | D_DB)) !== D_L)
    raise(c, GP, selectorError(sel, ext), `IDT entry ${vector}: 0x${hex(sel)} is not 64-bit code`);
  if (!isCanonical(c, g.offsetHi))
    raise(
      c,
      GP,
      ext,
      `IDT entry ${vector}: handler 0x${hex(g.offsetHi, 8)}${hex(g.offsetLo, 8)} is not canonical`,
    );
  const oldCpl = c.cpl;
  const newCpl = (csHi & D_CONFORMING) !== 0 ? oldCpl : dplOf(csHi);
  let spLo = c.gpr[RSP << 1];
  let spHi = c.gpr[(RSP << 1) + 1];
  if (newCpl < oldCpl || g.ist !== 0) {
    const off = g.ist !== 0 ? TSS_IST1 + (g.ist - 1) * 8 : TSS_RSP0 + newCpl * 8;
    const name = g.ist !== 0 ? `IST${g.ist}` : `RSP${newCpl}`;
    if (off + 7 > c.segLimit[TR] >>> 0)
      raise(
        c,
        TS,
        selectorError(c.segSel[TR], ext),
        `TSS limit 0x${hex(c.segLimit[TR], 8)} does not hold ${name}`,
      );
    const at = addLinear(c, c.segBaseLo[TR], c.segBaseHi[TR], off);
    c.interrupts.chain.at(STAGE_TSS, at, c.tmp[1]);
    spLo = sysRead64(c, at, c.tmp[1]);
    spHi = c.tmp[0];
    if (!isCanonical(c, spHi))
      raise(c, SS_VEC, ext, `TSS ${name} 0x${hex(spHi, 8)}${hex(spLo, 8)} is not canonical`);
  }
  spLo &= ~0xf;

  const user = newCpl === 3;
  c.seg = SS;
  put(c, spLo, spHi, 1, c.segSel[SS] & 0xffff, 0, user);
  put(c, spLo, spHi, 2, c.gpr[RSP << 1], c.gpr[(RSP << 1) + 1], user);
  put(c, spLo, spHi, 3, readFlags(c) | (pushesRf(vector, kind) ? RF : 0), 0, user);
  put(c, spLo, spHi, 4, c.segSel[CS] & 0xffff, 0, user);
  put(c, spLo, spHi, 5, c.rip[0], c.rip[1], user);
  if (pushErr) put(c, spLo, spHi, 6, err, 0, user);

  if (newCpl !== oldCpl) loadNullStack(c, newCpl, newCpl);
  loadCache(c, CS, (sel & 0xfffc) | newCpl, csLo, csHi);
  c.cpl = newCpl;
  c.updateMode();
  c.updateAccessRights();
  c.gpr[RSP << 1] = addLinear(c, spLo, spHi, pushErr ? -48 : -40);
  c.gpr[(RSP << 1) + 1] = c.tmp[1];
  c.rip[0] = g.offsetLo;
  c.rip[1] = g.offsetHi;
  c.flags &= ~(TF | NT | RF | VM | (g.type === INTERRUPT_GATE ? IF : 0));
}

/** Stores the frame's `slot`th quadword below the (aligned) new RSP, with the handler's rights. */
function put(
  c: Cpu,
  spLo: number,
  spHi: number,
  slot: number,
  lo: number,
  hi: number,
  user: boolean,
) {
  const a = addLinear(c, spLo, spHi, -8 * slot);
  const aHi = c.tmp[1];
  c.interrupts.chain.at(STAGE_STACK, a, aHi);
  if (user) write64(c, a, aHi, lo, hi);
  else sysWrite64(c, a, aHi, lo, hi);
}
