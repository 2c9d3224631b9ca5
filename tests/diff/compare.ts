// What differs between the host's outcome and the emulator's, field by field.
import { CASE_FLAGS, FLAG_NAMES, GPR_NAMES } from './case.ts';
import type { DiffCase, Outcome, Patch } from './case.ts';
import { initialWindow } from './data-fill.ts';

export interface Difference {
  /** The field: 'vector', 'rip', a register name, a flag name or 'data'. */
  field: string;
  native: string;
  emulated: string;
}

const VECTOR_NAMES: Record<number, string> = {
  0: '#DE',
  1: '#DB',
  3: '#BP',
  6: '#UD',
  13: '#GP',
  14: '#PF',
  17: '#AC',
};

export function describeVector(vector: number | null, errorCode: number | null): string {
  if (vector === null) return 'none';
  const name = VECTOR_NAMES[vector] ?? `vector ${vector}`;
  return errorCode === null ? name : `${name}(${errorCode.toString(16)})`;
}

export function hex64(v: bigint): string {
  return `0x${v.toString(16).padStart(16, '0')}`;
}

function sameChanges(a: Patch[], b: Patch[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((p, i) => {
    const q = b[i]!;
    return (
      p.offset === q.offset &&
      p.bytes.length === q.bytes.length &&
      p.bytes.every((x, k) => x === q.bytes[k])
    );
  });
}

function applyChanges(base: Uint8Array, changes: Patch[]): Uint8Array {
  const out = base.slice();
  for (const p of changes) out.set(p.bytes, p.offset);
  return out;
}

/** The first few bytes that differ, with the host's and the emulator's values. */
function dataDifference(c: DiffCase, native: Patch[], emulated: Patch[]): Difference {
  const initial = initialWindow(c);
  const a = applyChanges(initial, native);
  const b = applyChanges(initial, emulated);
  const offsets: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) offsets.push(i);
  const shown = offsets.slice(0, 8);
  const more = offsets.length > shown.length ? ' ...' : '';
  const bytesAt = (w: Uint8Array): string =>
    shown.map((o) => w[o]!.toString(16).padStart(2, '0')).join(' ') + more;
  const where = shown.map((o) => `+0x${o.toString(16)}`).join(' ');
  return {
    field: 'data',
    native: `${offsets.length} byte(s) at ${where}${more}: ${bytesAt(a)}`,
    emulated: bytesAt(b),
  };
}

export function compareOutcomes(c: DiffCase, native: Outcome, emulated: Outcome): Difference[] {
  const diffs: Difference[] = [];
  if (native.vector !== emulated.vector || native.errorCode !== emulated.errorCode) {
    diffs.push({
      field: 'vector',
      native: describeVector(native.vector, native.errorCode),
      emulated: describeVector(emulated.vector, emulated.errorCode),
    });
  }
  if (native.rip !== emulated.rip) {
    diffs.push({ field: 'rip', native: hex64(native.rip), emulated: hex64(emulated.rip) });
  }
  for (let r = 0; r < 16; r++) {
    if (native.gpr[r] !== emulated.gpr[r]) {
      diffs.push({
        field: GPR_NAMES[r]!,
        native: hex64(native.gpr[r]!),
        emulated: emulated.gpr[r] === undefined ? 'missing' : hex64(emulated.gpr[r]),
      });
    }
  }
  const changed = (native.rflags ^ emulated.rflags) & CASE_FLAGS;
  for (const [name, bit] of FLAG_NAMES) {
    if (changed & bit) {
      diffs.push({
        field: name,
        native: native.rflags & bit ? '1' : '0',
        emulated: emulated.rflags & bit ? '1' : '0',
      });
    }
  }
  if (!sameChanges(native.changes, emulated.changes)) {
    diffs.push(dataDifference(c, native.changes, emulated.changes));
  }
  return diffs;
}
