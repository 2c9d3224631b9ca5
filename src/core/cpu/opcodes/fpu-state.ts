import type { Cpu } from '../cpu.ts';
import { fxrstor, fxsave, ldmxcsr, stmxcsr } from '../exec/fxsave.ts';
import { UD } from '../fault.ts';
import { DOUBLE, SINGLE } from '../fpu/formats.ts';
import { raise } from '../exec/raise.ts';
import { dbControl, fldcw, fnstcw, fnstswAx, fnstswM, fwait } from '../exec/x87.ts';
import { x87Arith } from '../exec/x87-arith.ts';
import { fbld, fbstp } from '../exec/x87-bcd.ts';
import { fcomi, fcompp, ftst, fucom, fxam } from '../exec/x87-compare.ts';
import { fldenv, fnsave, fnstenv, frstor } from '../exec/x87-env.ts';
import {
  fild,
  fist,
  fld,
  fldConstant,
  fldExtended,
  fstpExtended,
  fstReal,
  fstSt,
} from '../exec/x87-load-store.ts';
import { fprem, frndint, fscale, fsqrt, fxtract } from '../exec/x87-math.ts';
import { M16_INT, M32_INT, M64_INT } from '../exec/x87-operands.ts';
import { fchsAbs, fcmov, ffree, fincdecstp, fnop, fxch } from '../exec/x87-stack-ops.ts';
import {
  F2XM1,
  FCOS,
  FPATAN,
  FPTAN,
  FSIN,
  FSINCOS,
  FYL2X,
  FYL2XP1,
  x87Transcendental,
} from '../exec/x87-transcendental.ts';
import { entry, F_MEMFORM_ONLY, group, simd } from '../decode/opcode-table.ts';
import type { Handler, Insn } from '../decode/insn.ts';
import type { OpcodeEntry, OpcodeMaps } from '../decode/opcode-table.ts';

/** FPU and SSE state: FXSAVE/FXRSTOR, LDMXCSR/STMXCSR, and the x87. */
export function defineFpuState(m: OpcodeMaps): void {
  defineState(m);
  defineX87(m);
}

const _ = undefined;
const MEM = F_MEMFORM_ONLY;

/** 0F AE /0-/3: FXSAVE/FXRSTOR and LDMXCSR/STMXCSR, memory operands, no prefix (the host
 * raises #UD with 66, F2 or F3). The other slots (fences, clflush, xsave, the F3-prefixed
 * fs/gs base instructions) are not implemented here. */
function defineState(m: OpcodeMaps): void {
  const noPrefix = (name: string, operands: string, exec: Handler) =>
    simd([entry(name, operands, exec, 0, MEM), _, _, _]);
  m.set(
    m.two,
    0xae,
    group('grp15', 'M', [
      noPrefix('fxsave', 'M', fxsave),
      noPrefix('fxrstor', 'M', fxrstor),
      noPrefix('ldmxcsr', 'Md', ldmxcsr),
      noPrefix('stmxcsr', 'Md', stmxcsr),
    ]),
  );
}

function undefinedX87(c: Cpu, i: Insn): never {
  raise(c, UD, 0, `invalid or unimplemented x87 encoding (modrm ${i.modrm.toString(16)})`);
}

type RegForms = Handler | (Handler | undefined)[] | undefined;

/**
 * One ModRM.reg slot of an x87 escape: `mem` for a memory operand, `reg` for the register
 * forms, either one handler or eight picked by ModRM.rm. Missing ones are #UD.
 */
function slot(name: string, operands: string, mem: Handler | undefined, reg: RegForms, op = 0) {
  const byRm = Array.isArray(reg) ? reg : undefined;
  const single = Array.isArray(reg) ? undefined : reg;
  const exec: Handler = (c, i) => {
    const h = i.rm < 0 ? mem : byRm ? byRm[i.modrm & 7] : single;
    if (h === undefined) undefinedX87(c, i);
    h(c, i);
  };
  return entry(name, operands, exec, op);
}

/** D8 DA DC DE: the arithmetic escapes (x87-arith.ts); DA's register forms are fcmov. */
function arithmetic(esc: number, regForms: (RegForms | undefined)[] | undefined): OpcodeEntry {
  const names = ['fadd', 'fmul', 'fcom', 'fcomp', 'fsub', 'fsubr', 'fdiv', 'fdivr'];
  return group(
    `esc ${esc}`,
    'M',
    names.map((n, k) => slot(n, 'M', x87Arith, regForms ? regForms[k] : x87Arith, esc)),
  );
}

const withOp =
  (h: (c: Cpu, op: number) => void, op: number): Handler =>
  (c) =>
    h(c, op);

function defineX87(m: OpcodeMaps): void {
  const one = m.one;
  m.set(one, 0x9b, entry('fwait', '', fwait));
  m.set(one, 0xd8, arithmetic(0, undefined));
  const fcmovDa: Handler = (c, i) => fcmov(c, i, false);
  const fucompp: Handler = (c, i) => (i.modrm === 0xe9 ? fcompp(c, true) : undefinedX87(c, i));
  m.set(one, 0xda, arithmetic(1, [fcmovDa, fcmovDa, fcmovDa, fcmovDa, _, fucompp, _, _]));
  m.set(one, 0xdc, arithmetic(2, undefined));
  m.set(one, 0xde, arithmetic(3, undefined));

  const fldM32: Handler = (c, i) => fld(c, i, SINGLE);
  const fstM32: Handler = (c, i) => fstReal(c, i, SINGLE);
  const constants = [0, 1, 2, 3, 4, 5, 6].map((): Handler => fldConstant);
  m.set(
    one,
    0xd9,
    group('esc d9', 'M', [
      slot('fld', 'M', fldM32, fldM32),
      slot('fxch', 'M', _, fxch),
      slot('fst', 'M', fstM32, [fnop]),
      slot('fstp', 'M', fstM32, _),
      slot('fldenv', 'M', fldenv, [fchsAbs, fchsAbs, _, _, ftst, fxam]),
      slot('fldcw', 'Mw', fldcw, constants),
      slot('fnstenv', 'M', fnstenv, [
        withOp(x87Transcendental, F2XM1),
        withOp(x87Transcendental, FYL2X),
        withOp(x87Transcendental, FPTAN),
        withOp(x87Transcendental, FPATAN),
        fxtract,
        (c) => fprem(c, true),
        fincdecstp,
        fincdecstp,
      ]),
      slot('fnstcw', 'Mw', fnstcw, [
        (c) => fprem(c, false),
        withOp(x87Transcendental, FYL2XP1),
        fsqrt,
        withOp(x87Transcendental, FSINCOS),
        frndint,
        fscale,
        withOp(x87Transcendental, FSIN),
        withOp(x87Transcendental, FCOS),
      ]),
    ]),
  );

  const fcmovDb: Handler = (c, i) => fcmov(c, i, true);
  const int =
    (bytes: number): Handler =>
    (c, i) =>
      fist(c, i, bytes);
  m.set(
    one,
    0xdb,
    group('esc db', 'M', [
      slot('fild', 'M', (c, i) => fild(c, i, M32_INT), fcmovDb),
      slot('fisttp', 'M', int(4), fcmovDb),
      slot('fist', 'M', int(4), fcmovDb),
      slot('fistp', 'M', int(4), fcmovDb),
      // DB E0-E7: fneni, fndisi, fnclex, fninit, fnsetpm; the handler rejects E5-E7.
      slot('fninit', 'M', _, dbControl),
      slot('fld', 'M', fldExtended, (c, i) => fcomi(c, i, false)),
      slot('fcomi', 'M', _, (c, i) => fcomi(c, i, false)),
      slot('fstp', 'M', fstpExtended, _),
    ]),
  );

  const fldM64: Handler = (c, i) => fld(c, i, DOUBLE);
  const fstM64: Handler = (c, i) => fstReal(c, i, DOUBLE);
  m.set(
    one,
    0xdd,
    group('esc dd', 'M', [
      slot('fld', 'M', fldM64, ffree),
      slot('fisttp', 'M', int(8), _),
      slot('fst', 'M', fstM64, fstSt),
      slot('fstp', 'M', fstM64, fstSt),
      slot('frstor', 'M', frstor, fucom),
      slot('fucomp', 'M', _, fucom),
      slot('fnsave', 'M', fnsave, _),
      slot('fnstsw', 'Mw', fnstswM, _),
    ]),
  );

  m.set(
    one,
    0xdf,
    group('esc df', 'M', [
      slot('fild', 'M', (c, i) => fild(c, i, M16_INT), _),
      slot('fisttp', 'M', int(2), _),
      slot('fist', 'M', int(2), _),
      slot('fistp', 'M', int(2), _),
      // DF E0 fnstsw ax only: the handler rejects DF E1-E7.
      slot('fbld', 'M', fbld, fnstswAx),
      slot(
        'fild',
        'M',
        (c, i) => fild(c, i, M64_INT),
        (c, i) => fcomi(c, i, true),
      ),
      slot('fbstp', 'M', fbstp, (c, i) => fcomi(c, i, true)),
      slot('fistp', 'M', int(8), _),
    ]),
  );
}
