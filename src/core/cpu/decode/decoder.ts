import { DS, FS, GS, HIGH_BYTE, SS } from '../registers.ts';
import {
  BASE_RIP,
  Insn,
  NO_REG,
  PFX_ADSIZE,
  PFX_LOCK,
  PFX_OPSIZE,
  PFX_REP,
  PFX_REPNE,
  PFX_REX,
  PFX_REXW,
} from './insn.ts';
import {
  F_D64,
  F_F64,
  F_I64,
  F_KEEPS_66,
  F_LOCKABLE,
  F_MEMFORM_ONLY,
  F_MOD_IGNORED,
  F_O64,
  F_REGFORM_ONLY,
} from './opcode-table.ts';
import type { OpcodeEntry, OpcodeMaps } from './opcode-table.ts';

/** Whether a 66-selected variant still takes 66 as its operand-size prefix. */
const keeps66 = (e: OpcodeEntry | undefined) => e !== undefined && (e.flags & F_KEEPS_66) !== 0;

/** The architectural limit: a longer instruction raises #GP. */
export const MAX_INSN_LEN = 15;

/** Why an instruction could not be decoded into something that runs. */
export const enum DecodeProblem {
  None = 0,
  /** Not an instruction on this CPU (or not one pagescope implements): #UD. */
  Invalid = 1,
  /** More than 15 bytes: #GP(0). */
  TooLong = 2,
}

/** Handlers the decoder falls back on; the CPU supplies them (they raise #UD / #GP). */
export interface DecoderFallbacks {
  invalid: OpcodeEntry;
  tooLong: OpcodeEntry;
}

// 16-bit ModRM addressing: [BX+SI] [BX+DI] [BP+SI] [BP+DI] [SI] [DI] [BP] [BX].
const MODRM16_BASE = [3, 3, 5, 5, 6, 7, 5, 3];
const MODRM16_INDEX = [6, 7, 6, 7, NO_REG, NO_REG, NO_REG, NO_REG];

/**
 * Decodes one instruction from buf[off...] with `avail` bytes readable. Returns the Insn,
 * or null when the instruction runs past `avail` (the caller then gathers bytes across a
 * page boundary and tries again). Invalid encodings decode to an Insn whose handler raises
 * #UD (or #GP for an over-long instruction), so decoding never throws.
 */
export function decode(
  maps: OpcodeMaps,
  fallbacks: DecoderFallbacks,
  mode: 16 | 32 | 64,
  buf: Uint8Array,
  off: number,
  avail: number,
): Insn | null {
  const limit = Math.min(avail, MAX_INSN_LEN);
  let p = off;
  const end = off + limit;
  let prefixes = 0;
  let seg = -1;
  let rex = 0;
  let lastRep = 0;

  // Legacy prefixes, then an optional REX (64-bit mode) that must come last.
  for (;;) {
    if (p >= end) return tooShortOrLong(fallbacks, avail, p - off);
    const b = buf[p];
    if (mode === 64 && (b & 0xf0) === 0x40) {
      rex = b;
      p++;
      continue;
    }
    let isPrefix = true;
    switch (b) {
      case 0xf0:
        prefixes |= PFX_LOCK;
        break;
      case 0xf2:
        lastRep = PFX_REPNE;
        break;
      case 0xf3:
        lastRep = PFX_REP;
        break;
      case 0x66:
        prefixes |= PFX_OPSIZE;
        break;
      case 0x67:
        prefixes |= PFX_ADSIZE;
        break;
      case 0x26:
      case 0x2e:
      case 0x36:
      case 0x3e:
        // ES CS SS DS overrides: meaningful outside 64-bit mode only.
        if (mode !== 64) seg = (b >> 3) & 3;
        break;
      case 0x64:
        seg = FS;
        break;
      case 0x65:
        seg = GS;
        break;
      default:
        isPrefix = false;
    }
    if (!isPrefix) break;
    rex = 0; // a REX followed by a legacy prefix is ignored
    p++;
  }
  prefixes |= lastRep;
  if (rex) prefixes |= PFX_REX | (rex & 8 ? PFX_REXW : 0);

  // Opcode and map.
  let map = maps.one;
  let opcode = buf[p++];
  if (opcode === 0x0f) {
    if (p >= end) return tooShortOrLong(fallbacks, avail, p - off);
    opcode = buf[p++];
    map = maps.two;
    if (opcode === 0x38 || opcode === 0x3a) {
      if (p >= end) return tooShortOrLong(fallbacks, avail, p - off);
      map = opcode === 0x38 ? maps.three38 : maps.three3a;
      opcode = buf[p++];
    }
  }
  let e = map[opcode];
  if (e?.bySimdPrefix) {
    const which =
      lastRep === PFX_REP ? 2 : lastRep === PFX_REPNE ? 3 : prefixes & PFX_OPSIZE ? 1 : 0;
    e = e.bySimdPrefix[which];
    // A mandatory prefix is not a size or repeat prefix for the instruction it selects.
    if (which === 1 && !keeps66(e)) prefixes &= ~PFX_OPSIZE;
    if (which >= 2) prefixes &= ~(PFX_REP | PFX_REPNE);
  }

  let modrm = -1;
  if (e && (e.parse.modrm || e.group)) {
    if (p >= end) return tooShortOrLong(fallbacks, avail, p - off);
    modrm = buf[p++];
    if (e.group) e = e.group[(modrm >> 3) & 7];
    if (e?.bySimdPrefix) {
      const which =
        lastRep === PFX_REP ? 2 : lastRep === PFX_REPNE ? 3 : prefixes & PFX_OPSIZE ? 1 : 0;
      e = e.bySimdPrefix[which];
      if (which === 1 && !keeps66(e)) prefixes &= ~PFX_OPSIZE;
    }
    if (e && (e.flags & F_REGFORM_ONLY) !== 0 && modrm < 0xc0) e = undefined;
    if (e && (e.flags & F_MEMFORM_ONLY) !== 0 && modrm >= 0xc0) e = undefined;
  }
  if (
    !e ||
    (mode === 64 && (e.flags & F_I64) !== 0) ||
    (mode !== 64 && (e.flags & F_O64) !== 0) ||
    // lock is #UD except on read-modify-write instructions with a memory destination.
    ((prefixes & PFX_LOCK) !== 0 && ((e.flags & F_LOCKABLE) === 0 || modrm < 0 || modrm >= 0xc0))
  ) {
    // Undefined here: #UD when run. The fallback entry ends the block, so what follows is
    // not decoded from bytes that may not be instructions.
    const bad = new Insn(fallbacks.invalid.exec, fallbacks.invalid);
    bad.len = p - off;
    bad.imm = opcode;
    bad.imm2 = map === maps.one ? 1 : map === maps.two ? 2 : 3;
    bad.prefixes = prefixes;
    return bad;
  }

  const i = new Insn(e.exec, e);
  i.op = e.op;
  i.prefixes = prefixes;
  i.modrm = modrm;
  const plan = e.parse;
  const defaultSize = mode === 16 ? 2 : 4;
  const opsize16 = (prefixes & PFX_OPSIZE) !== 0;
  switch (plan.size) {
    case 'b':
      i.osize = 1;
      break;
    case 'w':
      i.osize = 2;
      break;
    case 'd':
      i.osize = 4;
      break;
    case 'q':
      i.osize = 8;
      break;
    case 'y':
      i.osize = mode === 64 && rex & 8 ? 8 : 4;
      break;
    default:
      if (mode === 64 && (e.flags & F_F64) !== 0) i.osize = 8;
      else if (mode === 64 && rex & 8) i.osize = 8;
      else if (mode === 64 && (e.flags & F_D64) !== 0) i.osize = opsize16 ? 2 : 8;
      else i.osize = opsize16 ? (defaultSize === 2 ? 4 : 2) : defaultSize;
  }
  const adsize = (prefixes & PFX_ADSIZE) !== 0;
  i.asize = mode === 64 ? (adsize ? 4 : 8) : mode === 32 ? (adsize ? 2 : 4) : adsize ? 4 : 2;

  if (plan.accumulator) i.rm = 0;
  if (plan.regInOpcode) {
    const r = (opcode & 7) | (rex & 1 ? 8 : 0);
    i.reg = plan.byteReg ? byteCode(r, rex) : r;
    // The register is also the r/m operand, so r/m handlers (inc/dec 40-4F) serve these forms.
    i.rm = i.reg;
  }

  if (modrm >= 0) {
    const mod = modrm >> 6;
    const regField = ((modrm >> 3) & 7) | (rex & 4 ? 8 : 0);
    if (!plan.regInOpcode) i.reg = plan.byteReg ? byteCode(regField, rex) : regField;
    const rmField = modrm & 7;
    if (mod === 3 || (e.flags & F_MOD_IGNORED) !== 0) {
      const r = rmField | (rex & 1 ? 8 : 0);
      i.rm = plan.byteRm ? byteCode(r, rex) : r;
    } else if (i.asize === 2) {
      i.base = rmField === 6 && mod === 0 ? NO_REG : MODRM16_BASE[rmField];
      i.index = MODRM16_INDEX[rmField];
      i.seg = i.base === 5 ? SS : DS;
      if (mod === 1) {
        if (p + 1 > end) return tooShortOrLong(fallbacks, avail, p + 1 - off);
        i.disp = (buf[p++] << 24) >> 24;
      } else if (mod === 2 || (mod === 0 && rmField === 6)) {
        if (p + 2 > end) return tooShortOrLong(fallbacks, avail, p + 2 - off);
        i.disp = ((buf[p] | (buf[p + 1] << 8)) << 16) >> 16;
        p += 2;
      }
    } else {
      let base = rmField | (rex & 1 ? 8 : 0);
      let index = NO_REG;
      let scale = 0;
      if (rmField === 4) {
        if (p >= end) return tooShortOrLong(fallbacks, avail, p + 1 - off);
        const sib = buf[p++];
        scale = sib >> 6;
        const idx = ((sib >> 3) & 7) | (rex & 2 ? 8 : 0);
        if (idx !== 4) index = idx;
        base = (sib & 7) | (rex & 1 ? 8 : 0);
        if ((sib & 7) === 5 && mod === 0) base = NO_REG;
      } else if (rmField === 5 && mod === 0) {
        base = mode === 64 ? BASE_RIP : NO_REG;
      }
      i.base = base;
      i.index = index;
      i.scale = scale;
      i.seg = base === 4 || base === 5 ? SS : DS;
      const dispBytes = mod === 1 ? 1 : mod === 2 || base === NO_REG || base === BASE_RIP ? 4 : 0;
      if (p + dispBytes > end) return tooShortOrLong(fallbacks, avail, p + dispBytes - off);
      if (dispBytes === 1) i.disp = (buf[p] << 24) >> 24;
      else if (dispBytes === 4)
        i.disp = buf[p] | (buf[p + 1] << 8) | (buf[p + 2] << 16) | (buf[p + 3] << 24);
      p += dispBytes;
    }
  }
  if (seg >= 0) {
    i.seg = seg;
    i.segOverride = true;
  }

  // Immediates.
  let first = true;
  for (const kind of plan.imms) {
    const n = immBytes(kind, i.osize, i.asize, mode);
    if (p + n > end) return tooShortOrLong(fallbacks, avail, p + n - off);
    let v = 0;
    for (let k = Math.min(n, 4) - 1; k >= 0; k--) v = (v << 8) | buf[p + k];
    let hi = 0;
    if (n === 8) {
      hi = buf[p + 4] | (buf[p + 5] << 8) | (buf[p + 6] << 16) | (buf[p + 7] << 24);
    } else if (kind === 'Ib' || kind === 'Jb') {
      v = (v << 24) >> 24;
      hi = v >> 31;
    } else if (n === 2) {
      // Iw (ret n, enter) is unsigned; a 16-bit Iz/Jz is sign-extended.
      v = kind === 'Iw' || kind === 'Ap' ? v & 0xffff : (v << 16) >> 16;
      hi = v >> 31;
    } else if (n === 4) {
      hi = kind === 'Ov' || kind === 'Ob' ? 0 : v >> 31;
    }
    if (kind === 'Ap') {
      // ptr16:16 or ptr16:32: offset first, then the selector.
      if (p + n + 2 > end) return tooShortOrLong(fallbacks, avail, p + n + 2 - off);
      i.imm = v;
      i.imm2 = buf[p + n] | (buf[p + n + 1] << 8);
      p += 2;
    } else if (first) {
      i.imm = v;
      i.immHi = hi;
    } else {
      i.imm2 = v;
    }
    p += n;
    first = false;
  }
  i.len = p - off;
  if (e.specialize) i.exec = e.specialize(i) ?? e.exec;
  return i;
}

function immBytes(kind: string, osize: number, asize: number, mode: number): number {
  switch (kind) {
    case 'Ib':
    case 'Jb':
      return 1;
    case 'Iw':
      return 2;
    case 'Iz':
    case 'Jz':
      return osize === 2 ? 2 : 4;
    case 'Iv':
      return osize;
    case 'Ob':
    case 'Ov':
      return asize;
    case 'Ap':
      return mode === 64 ? 0 : osize === 2 ? 2 : 4;
    default:
      throw new Error(`immediate kind ${kind}`);
  }
}

/** Byte-register code: AH/CH/DH/BH for 4-7 without REX, SPL..DIL and R8B.. with it. */
function byteCode(r: number, rex: number): number {
  return r >= 4 && r < 8 && rex === 0 ? HIGH_BYTE | (r - 4) : r;
}

/** Ran out of bytes: either the instruction crosses `avail` (null) or it is over 15 bytes. */
function tooShortOrLong(fallbacks: DecoderFallbacks, avail: number, needed: number) {
  if (needed > MAX_INSN_LEN || avail >= MAX_INSN_LEN) {
    const i = new Insn(fallbacks.tooLong.exec, fallbacks.tooLong);
    i.len = MAX_INSN_LEN;
    return i;
  }
  return null;
}
