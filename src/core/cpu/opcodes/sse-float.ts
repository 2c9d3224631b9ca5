import { APPROX_SCALAR, floatApprox } from '../exec/sse-float-approx.ts';
import {
  FLOAT_DOUBLE,
  FLOAT_MAX,
  FLOAT_MIN,
  FLOAT_SCALAR,
  floatArith,
} from '../exec/sse-float-arith.ts';
import { floatCompare, floatCompareFlags } from '../exec/sse-float-compare.ts';
import {
  CVT_DQ2PD,
  CVT_DQ2PS,
  CVT_PD2DQ,
  CVT_PD2PS,
  CVT_PS2DQ,
  CVT_PS2PD,
  CVT_SD2SS,
  CVT_SS2SD,
  CVT_TPD2DQ,
  CVT_TPS2DQ,
  CVT_TRUNCATE,
  cvtIntToScalar,
  cvtPacked,
  cvtScalarToInt,
} from '../exec/sse-float-convert.ts';
import { OP_ADD, OP_DIV, OP_MUL, OP_SQRT, OP_SUB } from '../fpu/arith.ts';
import { entry, simd } from '../decode/opcode-table.ts';
import type { Handler } from '../decode/insn.ts';
import type { OpcodeMaps } from '../decode/opcode-table.ts';

const _ = undefined;

/** SSE/SSE2 floating point: arithmetic, compares and conversions (exec/sse-float-*.ts). */
export function defineFloat(m: OpcodeMaps): void {
  const two = m.two;
  const S = FLOAT_SCALAR;
  const DBL = FLOAT_DOUBLE;
  // The four forms of one operation: ps, pd, ss, sd.
  const fourForms = (name: string, exec: Handler, op: number) =>
    simd([
      entry(`${name}ps`, 'Vps,Wps', exec, op),
      entry(`${name}pd`, 'Vpd,Wpd', exec, op | DBL),
      entry(`${name}ss`, 'Vss,Wss', exec, op | S),
      entry(`${name}sd`, 'Vsd,Wsd', exec, op | S | DBL),
    ]);
  m.set(two, 0x51, fourForms('sqrt', floatArith, OP_SQRT));
  m.set(two, 0x58, fourForms('add', floatArith, OP_ADD));
  m.set(two, 0x59, fourForms('mul', floatArith, OP_MUL));
  m.set(two, 0x5c, fourForms('sub', floatArith, OP_SUB));
  m.set(two, 0x5d, fourForms('min', floatArith, FLOAT_MIN));
  m.set(two, 0x5e, fourForms('div', floatArith, OP_DIV));
  m.set(two, 0x5f, fourForms('max', floatArith, FLOAT_MAX));
  m.set(
    two,
    0xc2,
    simd([
      entry('cmpps', 'Vps,Wps,Ib', floatCompare, 0),
      entry('cmppd', 'Vpd,Wpd,Ib', floatCompare, DBL),
      entry('cmpss', 'Vss,Wss,Ib', floatCompare, S),
      entry('cmpsd', 'Vsd,Wsd,Ib', floatCompare, S | DBL),
    ]),
  );
  m.set(
    two,
    0x52,
    simd([
      entry('rsqrtps', 'Vps,Wps', floatApprox, 1),
      _,
      entry('rsqrtss', 'Vss,Wss', floatApprox, 1 | APPROX_SCALAR),
      _,
    ]),
  );
  m.set(
    two,
    0x53,
    simd([
      entry('rcpps', 'Vps,Wps', floatApprox, 0),
      _,
      entry('rcpss', 'Vss,Wss', floatApprox, APPROX_SCALAR),
      _,
    ]),
  );
  // comis* (op bit 0: a QNaN signals) and ucomis*.
  m.set(
    two,
    0x2e,
    simd([
      entry('ucomiss', 'Vss,Wss', floatCompareFlags, 0),
      entry('ucomisd', 'Vsd,Wsd', floatCompareFlags, DBL),
      _,
      _,
    ]),
  );
  m.set(
    two,
    0x2f,
    simd([
      entry('comiss', 'Vss,Wss', floatCompareFlags, 1),
      entry('comisd', 'Vsd,Wsd', floatCompareFlags, 1 | DBL),
      _,
      _,
    ]),
  );
  // The MMX-operand conversions (cvtpi2ps and kin, no prefix or 66) are not implemented.
  m.set(
    two,
    0x2a,
    simd([
      _,
      _,
      entry('cvtsi2ss', 'Vss,Ey', cvtIntToScalar, 0),
      entry('cvtsi2sd', 'Vsd,Ey', cvtIntToScalar, DBL),
    ]),
  );
  for (const [opcode, prefix, truncate] of [
    [0x2c, 't', CVT_TRUNCATE],
    [0x2d, '', 0],
  ] as const)
    m.set(
      two,
      opcode,
      simd([
        _,
        _,
        entry(`cvt${prefix}ss2si`, 'Gy,Wss', cvtScalarToInt, truncate),
        entry(`cvt${prefix}sd2si`, 'Gy,Wsd', cvtScalarToInt, truncate | DBL),
      ]),
    );
  m.set(
    two,
    0x5a,
    simd([
      entry('cvtps2pd', 'Vpd,Wq', cvtPacked, CVT_PS2PD),
      entry('cvtpd2ps', 'Vps,Wpd', cvtPacked, CVT_PD2PS),
      entry('cvtss2sd', 'Vsd,Wss', cvtPacked, CVT_SS2SD),
      entry('cvtsd2ss', 'Vss,Wsd', cvtPacked, CVT_SD2SS),
    ]),
  );
  m.set(
    two,
    0x5b,
    simd([
      entry('cvtdq2ps', 'Vps,Wdq', cvtPacked, CVT_DQ2PS),
      entry('cvtps2dq', 'Vdq,Wps', cvtPacked, CVT_PS2DQ),
      entry('cvttps2dq', 'Vdq,Wps', cvtPacked, CVT_TPS2DQ),
      _,
    ]),
  );
  m.set(
    two,
    0xe6,
    simd([
      _,
      entry('cvttpd2dq', 'Vdq,Wpd', cvtPacked, CVT_TPD2DQ),
      entry('cvtdq2pd', 'Vpd,Wq', cvtPacked, CVT_DQ2PD),
      entry('cvtpd2dq', 'Vdq,Wpd', cvtPacked, CVT_PD2DQ),
    ]),
  );
}
