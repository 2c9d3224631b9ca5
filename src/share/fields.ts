import { fail } from './share-errors.ts';
import type { JsonValue } from './shared-session.ts';
import { SHARE_LIMITS } from './shared-session.ts';

/**
 * Readers for the fields of a decoded session record. Each checks one field's type and range
 * and fails with SHARE_BAD_FIELD naming the field's path (`machine.modules[2].size`), so a
 * forged or damaged record never reaches the app as anything but an error.
 */

/** C0 controls and DEL: nothing a name, command line or identifier shown in the page needs. */
function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

const HEX_ADDRESS = /^0x[0-9a-f]{1,16}$/;

/** Keys of panel state: start with a letter, so `__proto__` and friends are never keys. */
const STATE_KEY = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An object with exactly these keys: a missing or an extra key is refused. */
export function readObject(
  v: unknown,
  path: string,
  keys: readonly string[],
): Record<string, unknown> {
  if (!isRecord(v)) fail('SHARE_BAD_FIELD', `${path} must be an object, not ${describe(v)}`);
  for (const k of Object.keys(v)) {
    if (!keys.includes(k))
      fail('SHARE_BAD_FIELD', `${path} has an unknown field "${k.slice(0, 40)}"`);
  }
  for (const k of keys) {
    if (!(k in v)) fail('SHARE_BAD_FIELD', `${path}.${k} is missing`);
  }
  return v;
}

export function readString(v: unknown, path: string, maxChars: number): string {
  if (typeof v !== 'string')
    fail('SHARE_BAD_FIELD', `${path} must be a string, not ${describe(v)}`);
  if (v.length > maxChars) {
    fail('SHARE_BAD_FIELD', `${path} is ${v.length} characters long, the limit is ${maxChars}`);
  }
  if (hasControlCharacter(v)) fail('SHARE_BAD_FIELD', `${path} contains a control character`);
  return v;
}

/** A string that must match `pattern`; `what` says what it should look like. */
export function readPattern(v: unknown, path: string, pattern: RegExp, what: string): string {
  if (typeof v !== 'string')
    fail('SHARE_BAD_FIELD', `${path} must be a string, not ${describe(v)}`);
  if (!pattern.test(v)) fail('SHARE_BAD_FIELD', `${path} must be ${what}`);
  return v;
}

export function readAddress(v: unknown, path: string): string {
  return readPattern(
    v,
    path,
    HEX_ADDRESS,
    'a 64-bit address written 0x followed by lower-case hex',
  );
}

export function readInteger(v: unknown, path: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
    fail('SHARE_BAD_FIELD', `${path} must be an integer, not ${describe(v)}`);
  }
  if (v < min || v > max) fail('SHARE_BAD_FIELD', `${path} is ${v}, outside ${min}..${max}`);
  return v;
}

export function readArray(v: unknown, path: string, maxItems: number): unknown[] {
  if (!Array.isArray(v)) fail('SHARE_BAD_FIELD', `${path} must be an array, not ${describe(v)}`);
  if (v.length > maxItems) {
    fail('SHARE_BAD_FIELD', `${path} has ${v.length} entries, the limit is ${maxItems}`);
  }
  return v;
}

export function readChoice<T extends string>(v: unknown, path: string, choices: readonly T[]): T {
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) {
    fail('SHARE_BAD_FIELD', `${path} must be one of ${choices.join(', ')}`);
  }
  return v as T;
}

/**
 * Panel state: any JSON, bounded in depth, total nodes and string length, rebuilt node by
 * node so nothing but plain data with checked keys comes out.
 */
export function readPanelState(v: unknown, path: string): { [panel: string]: JsonValue } {
  const budget = { nodes: SHARE_LIMITS.jsonNodes };
  const state = readJson(v, path, 0, budget);
  if (!isRecord(state)) fail('SHARE_BAD_FIELD', `${path} must be an object, not ${describe(v)}`);
  return state as { [panel: string]: JsonValue };
}

function readJson(v: unknown, path: string, depth: number, budget: { nodes: number }): JsonValue {
  if (--budget.nodes < 0) {
    fail('SHARE_BAD_FIELD', `${path} has more than ${SHARE_LIMITS.jsonNodes} values`);
  }
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) fail('SHARE_BAD_FIELD', `${path} must be a finite number`);
    return v;
  }
  if (typeof v === 'string') return readString(v, path, SHARE_LIMITS.jsonStringChars);
  if (depth >= SHARE_LIMITS.jsonDepth) {
    fail('SHARE_BAD_FIELD', `${path} nests deeper than ${SHARE_LIMITS.jsonDepth} levels`);
  }
  if (Array.isArray(v))
    return v.map((item, i) => readJson(item, `${path}[${i}]`, depth + 1, budget));
  if (!isRecord(v)) fail('SHARE_BAD_FIELD', `${path} is ${describe(v)}, which JSON cannot hold`);
  const out: { [key: string]: JsonValue } = {};
  for (const [key, item] of Object.entries(v)) {
    if (!STATE_KEY.test(key)) {
      fail('SHARE_BAD_FIELD', `${path} has a key that is not a plain identifier`);
    }
    out[key] = readJson(item, `${path}.${key}`, depth + 1, budget);
  }
  return out;
}
