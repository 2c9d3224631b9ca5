import type { OpcodeMaps } from '../../core/cpu/decode/opcode-table.ts';
import { buildMaps } from '../../core/cpu/opcodes.ts';

let maps: OpcodeMaps | null = null;

/** The CPU's own opcode tables, built once for every listing. */
export function opcodeMaps(): OpcodeMaps {
  maps ??= buildMaps();
  return maps;
}
