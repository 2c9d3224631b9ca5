import { isKnownKey } from '../core/devices/ps2-scancodes.ts';
import { CliError } from './cli-error.ts';

/** One key going down or up, as the PS/2 keyboard takes it (a KeyboardEvent.code). */
export interface KeyStroke {
  code: string;
  down: boolean;
}

/**
 * QEMU's `sendkey` names for keys whose KeyboardEvent.code is spelled differently. Letters
 * and digits are mapped by rule (a -> KeyA, 1 -> Digit1); anything else may be given as its
 * KeyboardEvent.code (F5, ArrowUp, NumpadEnter...).
 */
const QEMU_NAMES: Record<string, string> = {
  ret: 'Enter',
  spc: 'Space',
  esc: 'Escape',
  tab: 'Tab',
  backspace: 'Backspace',
  shift: 'ShiftLeft',
  shift_r: 'ShiftRight',
  ctrl: 'ControlLeft',
  ctrl_r: 'ControlRight',
  alt: 'AltLeft',
  alt_r: 'AltRight',
  minus: 'Minus',
  equal: 'Equal',
  dot: 'Period',
  comma: 'Comma',
  slash: 'Slash',
  backslash: 'Backslash',
  semicolon: 'Semicolon',
  apostrophe: 'Quote',
  grave_accent: 'Backquote',
  bracket_left: 'BracketLeft',
  bracket_right: 'BracketRight',
  up: 'ArrowUp',
  down: 'ArrowDown',
  left: 'ArrowLeft',
  right: 'ArrowRight',
  delete: 'Delete',
  insert: 'Insert',
  home: 'Home',
  end: 'End',
  pgup: 'PageUp',
  pgdn: 'PageDown',
  caps_lock: 'CapsLock',
};

function keyCode(name: string): string {
  if (/^[a-z]$/.test(name)) return `Key${name.toUpperCase()}`;
  if (/^[0-9]$/.test(name)) return `Digit${name}`;
  const code = QEMU_NAMES[name] ?? (/^f([1-9]|1[0-2])$/.test(name) ? name.toUpperCase() : name);
  if (!isKnownKey(code))
    throw new CliError(
      `--keys: unknown key '${name}' (QEMU sendkey names like a, 1, ret, spc, shift-a, or KeyboardEvent codes)`,
    );
  return code;
}

/**
 * Parses `--keys` as QEMU's monitor takes `sendkey` arguments, several separated by spaces:
 * `a b 1 ret shift-a ctrl-alt-delete`. Each chord presses its keys left to right and releases
 * them in reverse, as sendkey does.
 */
export function parseKeyScript(spec: string): KeyStroke[] {
  const strokes: KeyStroke[] = [];
  for (const chord of spec.trim().split(/\s+/).filter(Boolean)) {
    const codes = chord.split('-').map(keyCode);
    for (const code of codes) strokes.push({ code, down: true });
    for (const code of codes.reverse()) strokes.push({ code, down: false });
  }
  return strokes;
}
