import type { Cpu } from '../cpu.ts';
import { GP, TS } from '../fault.ts';
import { FIXED_ONE, NT, VM, WRITABLE } from '../flags.ts';
import { setArithFlags } from '../lazy-flags.ts';
import { CS, DS, ES, FS, GS, SS, TR } from '../registers.ts';
import { ACC_WRITE, CR0_PG } from '../../mmu/paging-bits.ts';
import { sysRead, sysWrite, translateSupervisor } from '../../mmu/system-access.ts';
import { CR0_TS, writeCr3 } from '../exec/control-regs.ts';
import {
  baseOf,
  D_BUSY,
  descriptorAddress,
  hex,
  limitOf,
  loadCache,
  sysType,
} from '../exec/descriptor-tables.ts';
import { raise } from '../exec/raise.ts';
import { loadTaskLdt, loadTaskSegment, presetSelectors } from './task-segments.ts';
import { layoutOf, readTask, saveTask, TaskImage } from './tss-layout.ts';

/**
 * The task switch of SDM Vol. 3A 8.3, steps 3 to 13, for a TSS descriptor its caller has
 * already checked (type, busy bit, presence, privilege: those checks and their faults
 * differ between JMP/CALL, interrupts and IRET). Everything that can fault before the
 * commit (the new TSS's limit, reading it, the stores into the old TSS) is done before
 * anything changes; from the commit on, faults belong to the new task (GuestFault.inNewTask).
 */

/** How the switch was started: it decides the busy bits, NT and the back link (SDM table 8-2). */
export const SWITCH_JMP = 0;
/** CALL, and interrupts or exceptions through a task gate. */
export const SWITCH_CALL = 1;
export const SWITCH_IRET = 2;

const image = new TaskImage();

/** Sets or clears the busy bit of the TSS descriptor `sel` names in the GDT. */
function setBusy(c: Cpu, sel: number, busy: boolean): void {
  const at = descriptorAddress(c, sel & ~4);
  if (at === null) return;
  // Outside IA-32e mode linear addresses are 32 bits: the high half is 0.
  const byte = (at + 5) | 0;
  const v = sysRead(c, byte, 0, 1);
  sysWrite(c, byte, 0, 1, busy ? v | (D_BUSY >>> 8) : v & ~(D_BUSY >>> 8));
}

/**
 * Switches to the task of TSS descriptor (lo, hi) named by `sel`. `nextEip` is the EIP the
 * old task saves: the instruction after a JMP/CALL/IRET, the return address of an event.
 */
export function switchTask(
  c: Cpu,
  sel: number,
  lo: number,
  hi: number,
  source: number,
  nextEip: number,
): void {
  const layout = layoutOf(sysType(hi));
  const limit = limitOf(lo, hi) >>> 0;
  if (limit < layout.minLimit)
    raise(
      c,
      TS,
      sel & 0xfffc,
      `task switch: TSS 0x${hex(sel)} limit 0x${hex(limit)} < 0x${hex(layout.minLimit)}`,
    );
  const base = baseOf(lo, hi);
  readTask(c, base, layout, image);
  if (layout.width === 4 && (image.eflags & VM) !== 0)
    raise(c, GP, sel & 0xfffc, `task switch: TSS 0x${hex(sel)} is a virtual-8086 task`);
  const old = layoutOf(sysType(c.segAttr[TR]));
  const oldBase = c.segBaseLo[TR];
  // The stores into the old TSS must not fault half-way: both ends of the range first.
  translateSupervisor(c, (oldBase + old.eip) | 0, 0, ACC_WRITE);
  translateSupervisor(c, (oldBase + old.segs + old.segCount * old.segStride - 1) | 0, 0, ACC_WRITE);
  if (source === SWITCH_CALL) translateSupervisor(c, base, 0, ACC_WRITE);

  const oldSel = c.segSel[TR];
  if (source !== SWITCH_CALL) setBusy(c, oldSel, false);
  saveTask(c, oldBase, old, nextEip, source === SWITCH_IRET ? NT : 0);
  let eflags = image.eflags;
  if (source === SWITCH_CALL) {
    sysWrite(c, base, 0, 2, oldSel);
    eflags |= NT;
  }
  if (source !== SWITCH_IRET) setBusy(c, sel, true);
  try {
    commit(c, sel, lo, hi | D_BUSY, eflags, layout.width);
  } catch (e) {
    if (e === c.fault) c.fault.inNewTask = true;
    throw e;
  }
}

/** Loads the new task: TR, CR3, EIP, EFLAGS, registers, then LDTR and the segments. */
function commit(c: Cpu, sel: number, lo: number, hi: number, eflags: number, width: number) {
  c.cr0 |= CR0_TS;
  loadCache(c, TR, sel, lo, hi);
  const w = c.watch;
  const cr3 = width === 4 && (c.cr0 & CR0_PG) !== 0;
  if (cr3) {
    if (w !== null) w.taskCr3Begin(c, image.cr3);
    writeCr3(c, image.cr3, 0);
  }
  c.rip[0] = width === 4 ? image.eip : image.eip & 0xffff;
  c.rip[1] = 0;
  const mask = width === 4 ? WRITABLE : WRITABLE & 0xffff;
  const flags = (c.flags & ~mask) | (eflags & mask) | FIXED_ONE;
  c.flags = flags;
  setArithFlags(c, flags);
  const g = c.gpr;
  for (let r = 0; r < 8; r++) {
    g[r << 1] = width === 4 ? image.gprs[r] : (g[r << 1] & ~0xffff) | image.gprs[r];
    g[(r << 1) + 1] = 0;
  }
  presetSelectors(c, image);
  const cpl = image.segs[CS] & 3;
  c.cpl = cpl;
  c.updateMode();
  c.updateAccessRights();
  if (cr3 && w !== null) w.crWriteEnd(c);
  c.interrupts.poke();
  loadTaskLdt(c, image.ldt);
  loadTaskSegment(c, CS, image.segs[CS], cpl);
  loadTaskSegment(c, SS, image.segs[SS], cpl);
  loadTaskSegment(c, ES, image.segs[ES], cpl);
  loadTaskSegment(c, DS, image.segs[DS], cpl);
  loadTaskSegment(c, FS, image.segs[FS], cpl);
  loadTaskSegment(c, GS, image.segs[GS], cpl);
  c.updateMode();
  if (c.rip[0] >>> 0 > c.segLimit[CS] >>> 0)
    raise(c, GP, 0, `task switch: EIP 0x${hex(c.rip[0], 8)} is past the CS limit`);
}
