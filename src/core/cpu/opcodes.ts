import { invalidOpcode, tooLong } from './exec/invalid.ts';
import { entry, F_END, OpcodeMaps } from './decode/opcode-table.ts';
import type { DecoderFallbacks } from './decode/decoder.ts';
import { defineBase } from './opcodes/base.ts';
import { defineInteger } from './opcodes/integer.ts';
import { defineStringIo } from './opcodes/string-io.ts';
import { defineSse } from './opcodes/sse.ts';
import { defineSystemRegs } from './opcodes/system-regs.ts';
import { defineSystemSegments } from './opcodes/system-segments.ts';

/** Every opcode the CPU implements, one definition file per family. */
export function buildMaps(): OpcodeMaps {
  const m = new OpcodeMaps();
  defineBase(m);
  defineInteger(m);
  defineStringIo(m);
  defineSse(m);
  defineSystemSegments(m);
  // Last: it adds its forms to group opcodes other families define (0F 01, 0F AE).
  defineSystemRegs(m);
  return m;
}

export const FALLBACKS: DecoderFallbacks = {
  invalid: entry('(bad)', '', invalidOpcode, 0, F_END),
  tooLong: entry('(too long)', '', tooLong, 0, F_END),
};
