import { DATA_SIZE } from './case.ts';
import type { DiffCase, Patch } from './case.ts';

/** The data window's background, the same generator as fill_window in native/harness.c. A
 *  random background makes reads beyond the bytes a case chose (string ops, wide bit offsets)
 *  still meaningful. */
export function fillWindow(seed: number): Uint8Array {
  const words = new Uint32Array(DATA_SIZE / 4);
  let x = seed >>> 0 || 0x9e3779b9;
  for (let i = 0; i < words.length; i++) {
    x = (x ^ (x << 13)) >>> 0;
    x = (x ^ (x >>> 17)) >>> 0;
    x = (x ^ (x << 5)) >>> 0;
    words[i] = x;
  }
  return new Uint8Array(words.buffer);
}

export function initialWindow(c: DiffCase): Uint8Array {
  const data = fillWindow(c.fillSeed);
  for (const p of c.patches) data.set(p.bytes, p.offset);
  return data;
}

/** Maximal runs of changed bytes: the one form both sides report data in. */
export function windowChanges(before: Uint8Array, after: Uint8Array): Patch[] {
  const runs: Patch[] = [];
  let i = 0;
  while (i < before.length) {
    if (before[i] === after[i]) {
      i++;
      continue;
    }
    const start = i;
    while (i < before.length && before[i] !== after[i]) i++;
    runs.push({ offset: start, bytes: after.slice(start, i) });
  }
  return runs;
}
