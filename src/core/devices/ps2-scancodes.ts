/**
 * Scancodes of the keys of a 102-key PC keyboard, keyed by the DOM's `KeyboardEvent.code`
 * (the physical key, whatever the layout), so the UI passes its events through unchanged.
 * Each entry is [code, set 1 make code, set 2 make code]; 0xe0xx marks a key whose codes
 * carry the E0 prefix in both sets. Break codes follow from the make codes: set 1 sets bit 7,
 * set 2 puts F0 before the last byte.
 */
const KEYS: readonly (readonly [string, number, number])[] = [
  ['Escape', 0x01, 0x76],
  ['Digit1', 0x02, 0x16],
  ['Digit2', 0x03, 0x1e],
  ['Digit3', 0x04, 0x26],
  ['Digit4', 0x05, 0x25],
  ['Digit5', 0x06, 0x2e],
  ['Digit6', 0x07, 0x36],
  ['Digit7', 0x08, 0x3d],
  ['Digit8', 0x09, 0x3e],
  ['Digit9', 0x0a, 0x46],
  ['Digit0', 0x0b, 0x45],
  ['Minus', 0x0c, 0x4e],
  ['Equal', 0x0d, 0x55],
  ['Backspace', 0x0e, 0x66],
  ['Tab', 0x0f, 0x0d],
  ['KeyQ', 0x10, 0x15],
  ['KeyW', 0x11, 0x1d],
  ['KeyE', 0x12, 0x24],
  ['KeyR', 0x13, 0x2d],
  ['KeyT', 0x14, 0x2c],
  ['KeyY', 0x15, 0x35],
  ['KeyU', 0x16, 0x3c],
  ['KeyI', 0x17, 0x43],
  ['KeyO', 0x18, 0x44],
  ['KeyP', 0x19, 0x4d],
  ['BracketLeft', 0x1a, 0x54],
  ['BracketRight', 0x1b, 0x5b],
  ['Enter', 0x1c, 0x5a],
  ['ControlLeft', 0x1d, 0x14],
  ['KeyA', 0x1e, 0x1c],
  ['KeyS', 0x1f, 0x1b],
  ['KeyD', 0x20, 0x23],
  ['KeyF', 0x21, 0x2b],
  ['KeyG', 0x22, 0x34],
  ['KeyH', 0x23, 0x33],
  ['KeyJ', 0x24, 0x3b],
  ['KeyK', 0x25, 0x42],
  ['KeyL', 0x26, 0x4b],
  ['Semicolon', 0x27, 0x4c],
  ['Quote', 0x28, 0x52],
  ['Backquote', 0x29, 0x0e],
  ['ShiftLeft', 0x2a, 0x12],
  ['Backslash', 0x2b, 0x5d],
  ['KeyZ', 0x2c, 0x1a],
  ['KeyX', 0x2d, 0x22],
  ['KeyC', 0x2e, 0x21],
  ['KeyV', 0x2f, 0x2a],
  ['KeyB', 0x30, 0x32],
  ['KeyN', 0x31, 0x31],
  ['KeyM', 0x32, 0x3a],
  ['Comma', 0x33, 0x41],
  ['Period', 0x34, 0x49],
  ['Slash', 0x35, 0x4a],
  ['ShiftRight', 0x36, 0x59],
  ['NumpadMultiply', 0x37, 0x7c],
  ['AltLeft', 0x38, 0x11],
  ['Space', 0x39, 0x29],
  ['CapsLock', 0x3a, 0x58],
  ['F1', 0x3b, 0x05],
  ['F2', 0x3c, 0x06],
  ['F3', 0x3d, 0x04],
  ['F4', 0x3e, 0x0c],
  ['F5', 0x3f, 0x03],
  ['F6', 0x40, 0x0b],
  ['F7', 0x41, 0x83], // the one set 2 code above 0x7f; the 8042 translates it to 0x41
  ['F8', 0x42, 0x0a],
  ['F9', 0x43, 0x01],
  ['F10', 0x44, 0x09],
  ['NumLock', 0x45, 0x77],
  ['ScrollLock', 0x46, 0x7e],
  ['Numpad7', 0x47, 0x6c],
  ['Numpad8', 0x48, 0x75],
  ['Numpad9', 0x49, 0x7d],
  ['NumpadSubtract', 0x4a, 0x7b],
  ['Numpad4', 0x4b, 0x6b],
  ['Numpad5', 0x4c, 0x73],
  ['Numpad6', 0x4d, 0x74],
  ['NumpadAdd', 0x4e, 0x79],
  ['Numpad1', 0x4f, 0x69],
  ['Numpad2', 0x50, 0x72],
  ['Numpad3', 0x51, 0x7a],
  ['Numpad0', 0x52, 0x70],
  ['NumpadDecimal', 0x53, 0x71],
  ['IntlBackslash', 0x56, 0x61],
  ['F11', 0x57, 0x78],
  ['F12', 0x58, 0x07],
  ['NumpadEnter', 0xe01c, 0xe05a],
  ['ControlRight', 0xe01d, 0xe014],
  ['NumpadDivide', 0xe035, 0xe04a],
  ['AltRight', 0xe038, 0xe011],
  ['Home', 0xe047, 0xe06c],
  ['ArrowUp', 0xe048, 0xe075],
  ['PageUp', 0xe049, 0xe07d],
  ['ArrowLeft', 0xe04b, 0xe06b],
  ['ArrowRight', 0xe04d, 0xe074],
  ['End', 0xe04f, 0xe069],
  ['ArrowDown', 0xe050, 0xe072],
  ['PageDown', 0xe051, 0xe07a],
  ['Insert', 0xe052, 0xe070],
  ['Delete', 0xe053, 0xe071],
  ['MetaLeft', 0xe05b, 0xe01f],
  ['MetaRight', 0xe05c, 0xe027],
  ['ContextMenu', 0xe05d, 0xe02f],
];

const BY_CODE = new Map(KEYS.map(([code, set1, set2]) => [code, { set1, set2 }]));

/**
 * The 8042's set 2 -> set 1 translation of one byte (the F0 break prefix is handled by the
 * caller: it is swallowed and sets bit 7 of the next byte). Derived from the key table, plus
 * the entries the keyboard's own replies need: 0x83 (F7, and the second ID byte, which reads
 * 0x41 through the 8042), 0x84 (Alt+SysRq) and 0x02 (the answer "set 2" to F0 00, which
 * reads 0x41 too). Bytes above 0x7f pass unchanged, so ACK, BAT and E0/E1 prefixes survive.
 */
export const TRANSLATE_SET2_TO_SET1 = (() => {
  const t = new Uint8Array(256);
  for (let i = 0; i < 256; i++) t[i] = i;
  for (const [, set1, set2] of KEYS) t[set2 & 0xff] = set1 & 0xff;
  t[0x02] = 0x41;
  t[0x84] = 0x54;
  return t;
})();

/** True if `code` (a KeyboardEvent.code) is a key this keyboard has. */
export function isKnownKey(code: string): boolean {
  return BY_CODE.has(code) || code === 'PrintScreen' || code === 'Pause';
}

/**
 * Appends the bytes the keyboard sends for `code` going down or up, in scancode set 1 or 2,
 * to `out`. Returns false for a key it does not have. Pause sends its whole sequence on the
 * press and nothing on release; PrintScreen sends the fake-shift sequence of a bare press.
 */
export function scancodes(code: string, down: boolean, set: 1 | 2, out: number[]): boolean {
  if (code === 'PrintScreen') {
    if (set === 1) out.push(...(down ? [0xe0, 0x2a, 0xe0, 0x37] : [0xe0, 0xb7, 0xe0, 0xaa]));
    else out.push(...(down ? [0xe0, 0x12, 0xe0, 0x7c] : [0xe0, 0xf0, 0x7c, 0xe0, 0xf0, 0x12]));
    return true;
  }
  if (code === 'Pause') {
    if (!down) return true;
    if (set === 1) out.push(0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5);
    else out.push(0xe1, 0x14, 0x77, 0xe1, 0xf0, 0x14, 0xf0, 0x77);
    return true;
  }
  const key = BY_CODE.get(code);
  if (!key) return false;
  const make = set === 1 ? key.set1 : key.set2;
  if (make > 0xff) out.push(0xe0);
  if (set === 1) out.push((make & 0xff) | (down ? 0 : 0x80));
  else if (down) out.push(make & 0xff);
  else out.push(0xf0, make & 0xff);
  return true;
}
