import { VECTOR_NAMES } from '../core/cpu/fault.ts';

/**
 * An exception vector as a person types it: 14, 0xe, or its mnemonic (#PF, pf). Returns the
 * vector, or a sentence saying why the text is none.
 */
export function parseVector(text: string): number | string {
  const t = text.trim().toUpperCase();
  for (const [v, name] of Object.entries(VECTOR_NAMES))
    if (name === t || name === `#${t}`) return Number(v);
  const v = /^0X[0-9A-F]+$/.test(t) ? parseInt(t, 16) : /^\d+$/.test(t) ? Number(t) : NaN;
  return v >= 0 && v <= 31 ? v : `"${text}" is not an exception vector (0-31, or a name like #PF)`;
}
