import { invalidOpcode, tooLong } from './exec/invalid.ts';
import { entry, OpcodeMaps } from './decode/opcode-table.ts';
import type { DecoderFallbacks } from './decode/decoder.ts';
import { defineBase } from './opcodes/base.ts';

/** Every opcode the CPU implements, one definition file per family. */
export function buildMaps(): OpcodeMaps {
  const m = new OpcodeMaps();
  defineBase(m);
  return m;
}

export const FALLBACKS: DecoderFallbacks = {
  invalid: entry('(bad)', '', invalidOpcode),
  tooLong: entry('(too long)', '', tooLong),
};
