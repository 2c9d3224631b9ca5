import { invalidOpcode, tooLong } from './exec/invalid.ts';
import { entry, F_END, OpcodeMaps } from './decode/opcode-table.ts';
import type { DecoderFallbacks } from './decode/decoder.ts';
import { defineBase } from './opcodes/base.ts';
import { defineSse } from './opcodes/sse.ts';

/** Every opcode the CPU implements, one definition file per family. */
export function buildMaps(): OpcodeMaps {
  const m = new OpcodeMaps();
  defineBase(m);
  defineSse(m);
  return m;
}

export const FALLBACKS: DecoderFallbacks = {
  invalid: entry('(bad)', '', invalidOpcode, 0, F_END),
  tooLong: entry('(too long)', '', tooLong, 0, F_END),
};
