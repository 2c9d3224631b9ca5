import type { Cpu } from '../cpu.ts';
import { GP, SS_VEC, TS } from '../fault.ts';
import { IF, NT, RF, TF, VM } from '../flags.ts';
import { readFlags } from '../lazy-flags.ts';
import { CS, RSP, SS, TR } from '../registers.ts';
import { write16, write32 } from '../../mmu/access.ts';
import { sysRead, sysWrite } from '../../mmu/system-access.ts';
import {
  baseOf,
  D_CODE,
  D_CONFORMING,
  D_DB,
  D_P,
  D_RW,
  D_S,
  descriptorAddress,
  dplOf,
  hex,
  limitOf,
  loadCache,
  markAccessed,
  readDescriptor,
} from '../exec/descriptor-tables.ts';
import { raise } from '../exec/raise.ts';
import { pushesRf, SOFTWARE } from './events.ts';
import { STAGE_STACK, STAGE_TSS } from './fault-chain.ts';
import { handlerCode, readGate, selectorError } from './gate.ts';
import { interruptToTask, TASK_GATE } from '../task/task-entry.ts';

/** Task gate (5), 16-bit interrupt and trap gates (6, 7), 32-bit ones (0x0e, 0x0f). */
const GATE_TYPES = (1 << 5) | (1 << 6) | (1 << 7) | (1 << 0x0e) | (1 << 0x0f);

/**
 * Delivery in 32-bit protected mode (SDM Vol. 3, 6.12): 8-byte gates; 16-bit gates push
 * 2-byte slots, 32-bit gates 4-byte ones. A handler at a more privileged level gets SS:ESP
 * for its level from the TSS (checked as the SDM says, faults #TS), and the old SS:ESP is
 * pushed first. Everything is checked and pushed before any register changes. A task gate
 * switches to its task instead (task/task-entry.ts).
 */
export function deliverProtected(
  c: Cpu,
  vector: number,
  kind: number,
  err: number,
  pushErr: boolean,
) {
  const ext = kind === SOFTWARE ? 0 : 1;
  readGate(c, vector, kind, 8, GATE_TYPES);
  const g = c.interrupts.gate;
  if (g.type === TASK_GATE) return interruptToTask(c, vector, g.selector, ext, err, pushErr);
  const size = (g.type & 8) !== 0 ? 4 : 2;
  const sel = g.selector;
  const csLo = handlerCode(c, vector, sel, ext);
  const csHi = c.tmp[0];
  const offset = size === 2 ? g.offsetLo & 0xffff : g.offsetLo;
  if (offset >>> 0 > limitOf(csLo, csHi) >>> 0)
    raise(c, GP, ext, `IDT entry ${vector}: handler 0x${hex(offset, 8)} past the CS limit`);
  const oldCpl = c.cpl;
  const newCpl = (csHi & D_CONFORMING) !== 0 ? oldCpl : dplOf(csHi);
  const outer = newCpl < oldCpl;
  if (outer) stackFromTss(c, newCpl, ext);
  else g.sp = c.gpr[RSP << 1];
  const newSp = g.sp;
  const base = outer ? baseOf(g.ssLo, g.ssHi) : c.segBaseLo[SS];
  const big = ((outer ? g.ssHi : c.segAttr[SS]) & D_DB) !== 0;
  const user = newCpl === 3;
  c.seg = SS;
  let slot = 1;
  if (outer) {
    put(c, base, big, slot++, size, c.segSel[SS] & 0xffff, user);
    put(c, base, big, slot++, size, c.gpr[RSP << 1], user);
  }
  put(c, base, big, slot++, size, readFlags(c) | (pushesRf(vector, kind) ? RF : 0), user);
  put(c, base, big, slot++, size, c.segSel[CS] & 0xffff, user);
  put(c, base, big, slot++, size, c.rip[0], user);
  if (pushErr) put(c, base, big, slot++, size, err, user);

  if (outer) loadCache(c, SS, g.ss, g.ssLo, g.ssHi);
  const sp = newSp - (slot - 1) * size;
  c.gpr[RSP << 1] = big ? sp : (newSp & ~0xffff) | (sp & 0xffff);
  c.gpr[(RSP << 1) + 1] = 0;
  loadCache(c, CS, (sel & 0xfffc) | newCpl, csLo, csHi);
  c.cpl = newCpl;
  c.updateMode();
  c.updateAccessRights();
  c.rip[0] = offset;
  c.rip[1] = 0;
  c.flags &= ~(TF | NT | RF | VM | ((g.type & 7) === 6 ? IF : 0));
}

/**
 * Reads and checks SS:ESP for `cpl` from the TSS (32-bit TSS: ESPn at 4 + 8n, SSn at
 * 8 + 8n; 16-bit TSS: SPn at 2 + 4n, SSn at 4 + 4n) into the gate scratch.
 */
export function stackFromTss(c: Cpu, cpl: number, ext: number): void {
  const tss32 = (c.segAttr[TR] & (8 << 8)) !== 0;
  const off = tss32 ? 4 + cpl * 8 : 2 + cpl * 4;
  const end = off + (tss32 ? 5 : 3);
  const trErr = selectorError(c.segSel[TR], ext);
  if (end > c.segLimit[TR] >>> 0)
    raise(c, TS, trErr, `TSS limit too small for the ring ${cpl} stack`);
  const at = (c.segBaseLo[TR] + off) | 0;
  c.interrupts.chain.at(STAGE_TSS, at, 0);
  const sp = tss32 ? sysRead(c, at, 0, 4) : sysRead(c, at, 0, 2);
  const ss = sysRead(c, (at + (tss32 ? 4 : 2)) | 0, 0, 2);
  const what = `TSS SS${cpl} 0x${hex(ss)}`;
  if ((ss & 0xfffc) === 0) raise(c, TS, ext, `${what} is null`);
  const ssAt = descriptorAddress(c, ss);
  if (ssAt === null) raise(c, TS, selectorError(ss, ext), `${what} is past its table limit`);
  if ((ss & 3) !== cpl) raise(c, TS, selectorError(ss, ext), `${what}: RPL is not ${cpl}`);
  const atHi = c.tmp[1];
  const lo = readDescriptor(c, ssAt, atHi);
  const hi = c.tmp[0];
  if ((hi & (D_S | D_CODE | D_RW)) !== (D_S | D_RW) || dplOf(hi) !== cpl)
    raise(c, TS, selectorError(ss, ext), `${what} is not a writable data segment at DPL ${cpl}`);
  if ((hi & D_P) === 0) raise(c, SS_VEC, selectorError(ss, ext), `${what} is not present`);
  const g = c.interrupts.gate;
  g.sp = sp;
  g.ss = ss;
  g.ssLo = lo;
  g.ssHi = markAccessed(c, ssAt, atHi, hi);
}

/** Stores the `slot`th slot of `size` bytes below the handler's SP, wrapped to the stack's size. */
function put(
  c: Cpu,
  base: number,
  big: boolean,
  slot: number,
  size: number,
  v: number,
  user: boolean,
) {
  const top = c.interrupts.gate.sp;
  const sp = big ? top - slot * size : (top - slot * size) & 0xffff;
  const a = (base + sp) | 0;
  c.interrupts.chain.at(STAGE_STACK, a, 0);
  if (user) {
    if (size === 4) write32(c, a, 0, v);
    else write16(c, a, 0, v);
  } else sysWrite(c, a, 0, size as 2 | 4, v);
}
