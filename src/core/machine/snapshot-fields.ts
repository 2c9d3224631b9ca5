/**
 * Saving and loading the plain fields of a state-holding object, for machine snapshots.
 *
 * A device or CPU part names what is not state (its wiring to the host, the bus, other
 * devices; configuration objects) and what it saves itself (nested parts), and everything
 * else it owns is copied: numbers, booleans, strings, null, typed arrays and arrays of
 * numbers. A field of any other kind makes saving throw, so a field added later is either
 * saved or consciously left out, never forgotten. Functions are callbacks, never state.
 *
 * What comes out is plain data (structured-clone safe): it can cross a worker boundary.
 */

export type FieldValue =
  | number
  | boolean
  | string
  | null
  | undefined
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float64Array
  | number[]
  | string[];

export type FieldState = Record<string, FieldValue>;

/** A part's saved state: its plain fields, and the saved states of its nested parts. */
export interface SavedState {
  [name: string]: FieldValue | SavedState | SavedState[];
}

/** A device or CPU part a machine snapshot covers. */
export interface StateOwner {
  saveState(): SavedState;
  loadState(s: SavedState): void;
}

export function isStateOwner(o: unknown): o is StateOwner {
  const d = o as Partial<StateOwner> | null;
  return typeof d?.saveState === 'function' && typeof d.loadState === 'function';
}

/** The kind of value saveFields copies; anything else is wiring or a nested part. */
export function isPlainField(v: unknown): v is FieldValue {
  const t = typeof v;
  if (v === null || t === 'undefined' || t === 'number' || t === 'boolean' || t === 'string')
    return true;
  if (ArrayBuffer.isView(v)) return !(v instanceof DataView);
  if (!Array.isArray(v)) return false;
  return v.every((x) => typeof x === 'number') || v.every((x) => typeof x === 'string');
}

function copy(v: FieldValue): FieldValue {
  if (Array.isArray(v)) return v.slice();
  if (ArrayBuffer.isView(v)) return v.slice();
  return v;
}

/**
 * Copies every own field of `o` except those named in `skip` and functions. Throws on a
 * field of another kind: the owner must skip it or save it as a nested part.
 */
export function saveFields(o: object, skip: readonly string[] = []): FieldState {
  const out: FieldState = {};
  for (const [name, v] of Object.entries(o)) {
    if (skip.includes(name) || typeof v === 'function') continue;
    if (!isPlainField(v)) {
      throw new TypeError(
        `${o.constructor.name}.${name} is neither plain state nor skipped: save it as a part`,
      );
    }
    out[name] = copy(v);
  }
  return out;
}

/**
 * Puts the plain fields of a saved state back, typed arrays in place (they may be readonly).
 * Nested parts in the same state are the owner's to load.
 */
export function loadFields(o: object, s: SavedState): void {
  const target = o as Record<string, unknown>;
  for (const [name, v] of Object.entries(s)) {
    if (!isPlainField(v)) continue;
    const cur = target[name];
    if (ArrayBuffer.isView(cur) && ArrayBuffer.isView(v))
      (cur as Uint8Array).set(v as unknown as Uint8Array);
    else target[name] = copy(v);
  }
}
