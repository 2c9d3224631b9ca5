import {
  lgdtLidt,
  loadSystemSegment,
  sgdtSidt,
  storeSystemSelector,
} from '../exec/descriptor-tables.ts';
import { farDirect, farIndirect, retFar } from '../exec/far.ts';
import { int1, int3, intN, into, iret } from '../exec/interrupt-insn.ts';
import { cli, sti } from '../exec/irq-flags.ts';
import { loadFarPointer, movES, movSE, popSeg, pushSeg } from '../exec/segment-load.ts';
import { swapgs, syscall, sysret } from '../exec/syscall.ts';
import { CS, DS, ES, FS, GS, LDTR, SS, TR } from '../registers.ts';
import { entry, F_D64, F_END, F_I64, F_MEMFORM_ONLY, group } from '../decode/opcode-table.ts';
import type { OpcodeEntry, OpcodeMaps } from '../decode/opcode-table.ts';
import { MEM_FORM, setForm } from './system-regs.ts';

const END = F_END;
const MEM = F_MEMFORM_ONLY;

/**
 * Segmentation and interrupts: segment register loads and stores, far transfers, the
 * descriptor-table registers, software interrupts and iret, cli/sti, syscall/sysret.
 * Everything that can change CS, RIP or IF ends its block.
 */
export function defineSystemSegments(m: OpcodeMaps): void {
  const one = m.one;
  const two = m.two;
  // push/pop of ES, CS, SS, DS exist outside 64-bit mode only; FS and GS everywhere.
  for (const [push, pop, seg] of [
    [0x06, 0x07, ES],
    [0x0e, -1, CS],
    [0x16, 0x17, SS],
    [0x1e, 0x1f, DS],
  ]) {
    m.set(one, push, entry('push', '', pushSeg, seg, F_I64));
    if (pop >= 0) m.set(one, pop, entry('pop', '', popSeg, seg, F_I64));
  }
  m.set(two, 0xa0, entry('push', '', pushSeg, FS, F_D64));
  m.set(two, 0xa1, entry('pop', '', popSeg, FS, F_D64));
  m.set(two, 0xa8, entry('push', '', pushSeg, GS, F_D64));
  m.set(two, 0xa9, entry('pop', '', popSeg, GS, F_D64));
  m.set(one, 0x8c, entry('mov', 'Ev,Sw', movES));
  m.set(one, 0x8e, entry('mov', 'Sw,Ew', movSE));
  m.set(two, 0xb2, entry('lss', 'Gv,Mp', loadFarPointer, SS, MEM));
  m.set(two, 0xb4, entry('lfs', 'Gv,Mp', loadFarPointer, FS, MEM));
  m.set(two, 0xb5, entry('lgs', 'Gv,Mp', loadFarPointer, GS, MEM));

  m.set(one, 0xea, entry('jmp far', 'Ap', farDirect, 0, F_I64 | END));
  m.set(one, 0x9a, entry('call far', 'Ap', farDirect, 1, F_I64 | END));
  fillSlot(one, 0xff, 3, entry('call far', 'Mp', farIndirect, 1, MEM | END));
  fillSlot(one, 0xff, 5, entry('jmp far', 'Mp', farIndirect, 0, MEM | END));
  m.set(one, 0xca, entry('retf', 'Iw', retFar, 0, END));
  m.set(one, 0xcb, entry('retf', '', retFar, 0, END));

  m.set(one, 0xcc, entry('int3', '', int3, 0, END));
  m.set(one, 0xcd, entry('int', 'Ib', intN, 0, END));
  m.set(one, 0xce, entry('into', '', into, 0, F_I64 | END));
  m.set(one, 0xf1, entry('int1', '', int1, 0, END));
  m.set(one, 0xcf, entry('iret', '', iret, 0, END));
  m.set(one, 0xfa, entry('cli', '', cli, 0, END));
  m.set(one, 0xfb, entry('sti', '', sti, 0, END));
  m.set(two, 0x05, entry('syscall', '', syscall, 0, END));
  m.set(two, 0x07, entry('sysret', '', sysret, 0, END));

  m.set(
    two,
    0x00,
    group('grp6', 'Ew', [
      entry('sldt', 'Ev', storeSystemSelector, LDTR),
      entry('str', 'Ev', storeSystemSelector, TR),
      entry('lldt', 'Ew', loadSystemSegment, LDTR),
      entry('ltr', 'Ew', loadSystemSegment, TR),
    ]),
  );
  setForm(m, two, 0x01, 0, MEM_FORM, entry('sgdt', 'M', sgdtSidt, 0));
  setForm(m, two, 0x01, 1, MEM_FORM, entry('sidt', 'M', sgdtSidt, 1));
  setForm(m, two, 0x01, 2, MEM_FORM, entry('lgdt', 'M', lgdtLidt, 0));
  setForm(m, two, 0x01, 3, MEM_FORM, entry('lidt', 'M', lgdtLidt, 1));
  setForm(m, two, 0x01, 7, 0, entry('swapgs', '', swapgs));
}

/** Fills an empty ModRM.reg slot of a group another family defines (FF: grp5 in base.ts). */
function fillSlot(map: (OpcodeEntry | undefined)[], opcode: number, reg: number, e: OpcodeEntry) {
  const slots = map[opcode]?.group;
  if (slots === undefined || slots[reg] !== undefined)
    throw new Error(`${e.name}: opcode 0x${opcode.toString(16)} /${reg} is not a free group slot`);
  slots[reg] = e;
}
