import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { GP } from '../fault.ts';
import { IOPL } from '../flags.ts';
import { ES, RAX, RCX, RDI, RDX, RSI, TR } from '../registers.ts';
import { addLinear, probeWrite } from '../../mmu/access.ts';
import { CR0_PE, EFER_LMA } from '../../mmu/paging-bits.ts';
import { sysRead } from '../../mmu/system-access.ts';
import { getReg, readMem, setReg, writeMem } from './operands.ts';
import { raise } from './raise.ts';
import {
  addIndex,
  countIsZero,
  endRep,
  isRep,
  repBudget,
  stride,
  stringAddress,
} from './string.ts';

/**
 * Port I/O through c.io: in/out with an imm8 or DX port, ins/outs with rep. Every form ends
 * its block (F_END), since a device may raise an interrupt or change machine state. A rep
 * ins/outs also stops between elements when the access set c.exitBlock (a device that
 * changes an interrupt input pokes the CPU, which sets it), so the interrupt can be taken
 * mid-string as on hardware; the string then resumes where it stopped.
 * i.op is 1 when the port is in DX. REX.W does not widen port I/O: 64-bit forms move 32 bits.
 */

/** Offset of the I/O map base field in a 32- or 64-bit TSS. */
const TSS_IOMAP_BASE = 0x66;

function ioSize(i: Insn): number {
  return i.osize === 8 ? 4 : i.osize;
}

function portOf(c: Cpu, i: Insn): number {
  return i.op === 1 ? c.gpr[RDX << 1] & 0xffff : i.imm & 0xff;
}

/** E4/E5/EC/ED: in AL/AX/EAX, port. */
export function inPort(c: Cpu, i: Insn): void {
  const size = ioSize(i);
  const port = portOf(c, i);
  checkIoPermission(c, port, size);
  setReg(c.gpr, RAX, size, c.io.in(port, size));
  c.ripAfter(i);
}

/** E6/E7/EE/EF: out port, AL/AX/EAX. */
export function outPort(c: Cpu, i: Insn): void {
  const size = ioSize(i);
  const port = portOf(c, i);
  checkIoPermission(c, port, size);
  c.io.out(port, size, getReg(c.gpr, RAX, size) >>> 0);
  c.ripAfter(i);
}

/** 6C/6D: ins: port DX to ES:[rDI]. */
export function ins(c: Cpu, i: Insn): void {
  const size = ioSize(i);
  const port = c.gpr[RDX << 1] & 0xffff;
  if (!isRep(i)) {
    checkIoPermission(c, port, size);
    insOne(c, i, port, size);
    c.ripAfter(i);
    return;
  }
  if (!countIsZero(c.gpr, i.asize)) {
    checkIoPermission(c, port, size);
    insRep(c, i, port, size);
  }
  endRep(c, i, countIsZero(c.gpr, i.asize));
}

/** The rep loop of ins (its own function: see the note on OSR in string.ts). */
function insRep(c: Cpu, i: Insn, port: number, size: number): void {
  for (let n = repBudget(c.gpr, i.asize); n > 0; n--) {
    insOne(c, i, port, size);
    addIndex(c, RCX, i.asize, -1);
    if (c.exitBlock) return;
  }
}

/**
 * One ins element. The store is checked before the port is read: reading a device has side
 * effects (a FIFO pops), and a faulting element must be free to run again.
 */
function insOne(c: Cpu, i: Insn, port: number, size: number): void {
  const lo = stringAddress(c, ES, RDI, i.asize);
  const hi = c.tmp[1];
  probeWrite(c, lo, hi, size);
  writeMem(c, lo, hi, size, c.io.in(port, size));
  addIndex(c, RDI, i.asize, stride(c, size));
}

/** 6E/6F: outs: [rSI] (segment overridable) to port DX. */
export function outs(c: Cpu, i: Insn): void {
  const size = ioSize(i);
  const port = c.gpr[RDX << 1] & 0xffff;
  if (!isRep(i)) {
    checkIoPermission(c, port, size);
    outsOne(c, i, port, size);
    c.ripAfter(i);
    return;
  }
  if (!countIsZero(c.gpr, i.asize)) {
    checkIoPermission(c, port, size);
    outsRep(c, i, port, size);
  }
  endRep(c, i, countIsZero(c.gpr, i.asize));
}

function outsRep(c: Cpu, i: Insn, port: number, size: number): void {
  for (let n = repBudget(c.gpr, i.asize); n > 0; n--) {
    outsOne(c, i, port, size);
    addIndex(c, RCX, i.asize, -1);
    if (c.exitBlock) return;
  }
}

function outsOne(c: Cpu, i: Insn, port: number, size: number): void {
  const lo = stringAddress(c, i.seg, RSI, i.asize);
  c.io.out(port, size, readMem(c, lo, c.tmp[1], size) >>> 0);
  addIndex(c, RSI, i.asize, stride(c, size));
}

/**
 * Raises #GP(0) unless the access to `size` ports from `port` is allowed: always in real
 * mode and when CPL <= IOPL; otherwise only if the TSS I/O permission bitmap clears every
 * bit of the accessed ports.
 */
export function checkIoPermission(c: Cpu, port: number, size: number): void {
  if ((c.cr0 & CR0_PE) === 0 || c.cpl <= (c.flags & IOPL) >>> 12) return;
  if (!bitmapAllows(c, port, size))
    raise(c, GP, 0, `I/O port 0x${port.toString(16)} not permitted at CPL ${c.cpl}`);
}

/**
 * The SDM (Vol. 1, "I/O Permission Bit Map") has the CPU read two bytes of the bitmap for
 * every access, since the bits of one access can straddle a byte; both must lie within the
 * TSS limit, which is why a bitmap ends with an extra 0xff byte. Ports the map does not span
 * count as denied.
 */
function bitmapAllows(c: Cpu, port: number, size: number): boolean {
  // Only a 32/64-bit TSS (type 9 available, 11 busy) has a bitmap; a 16-bit one has none.
  if ((((c.segAttr[TR] >>> 8) & 0xf) | 2) !== 0xb) return false;
  const limit = c.segLimit[TR] >>> 0;
  if (limit < TSS_IOMAP_BASE + 1) return false;
  const at = tssWord(c, TSS_IOMAP_BASE) + (port >>> 3);
  if (at + 1 > limit) return false;
  return (tssWord(c, at) & (((1 << size) - 1) << (port & 7))) === 0;
}

/** A word of the TSS: an implicit supervisor access, whatever the CPL. */
function tssWord(c: Cpu, off: number): number {
  const lo = addLinear(c, c.segBaseLo[TR], c.segBaseHi[TR], off);
  // Outside long mode linear addresses wrap at 4 GiB.
  const hi = (c.efer & EFER_LMA) !== 0 ? c.tmp[1] : 0;
  return sysRead(c, lo, hi, 2);
}
