import { fxrstor, fxsave, ldmxcsr, stmxcsr } from '../exec/fxsave.ts';
import { dbControl, fldcw, fnstcw, fnstswAx, fnstswM, fwait } from '../exec/x87.ts';
import { entry, F_MEMFORM_ONLY, F_REGFORM_ONLY, group, simd } from '../decode/opcode-table.ts';
import type { Handler } from '../decode/insn.ts';
import type { OpcodeMaps } from '../decode/opcode-table.ts';

/** FPU and SSE state: FXSAVE/FXRSTOR, LDMXCSR/STMXCSR, and the x87 control instructions. */
export function defineFpuState(m: OpcodeMaps): void {
  defineState(m);
  defineX87(m);
}

const _ = undefined;
const MEM = F_MEMFORM_ONLY;
const REG = F_REGFORM_ONLY;

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

/** The x87 control instructions; every other D8-DF encoding is left undefined (#UD). */
function defineX87(m: OpcodeMaps): void {
  const one = m.one;
  m.set(one, 0x9b, entry('fwait', '', fwait));
  m.set(
    one,
    0xd9,
    group('esc d9', 'Mw', [
      _,
      _,
      _,
      _,
      _,
      entry('fldcw', 'Mw', fldcw, 0, MEM),
      _,
      entry('fnstcw', 'Mw', fnstcw, 0, MEM),
    ]),
  );
  // DB E0-E7: fneni, fndisi, fnclex, fninit, fnsetpm; the handler rejects E5-E7.
  m.set(one, 0xdb, group('esc db', '', [_, _, _, _, entry('fninit', '', dbControl, 0, REG)]));
  m.set(
    one,
    0xdd,
    group('esc dd', 'Mw', [_, _, _, _, _, _, _, entry('fnstsw', 'Mw', fnstswM, 0, MEM)]),
  );
  // DF E0 only: the handler rejects DF E1-E7.
  m.set(one, 0xdf, group('esc df', 'AX', [_, _, _, _, entry('fnstsw', 'AX', fnstswAx, 0, REG)]));
}
