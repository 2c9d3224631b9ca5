import { describe, expect, it } from 'vitest';
import { parseKeyScript } from './key-script.ts';

describe('parseKeyScript', () => {
  it('maps QEMU sendkey names to key codes, each pressed then released', () => {
    expect(parseKeyScript('a 1 ret spc')).toEqual([
      { code: 'KeyA', down: true },
      { code: 'KeyA', down: false },
      { code: 'Digit1', down: true },
      { code: 'Digit1', down: false },
      { code: 'Enter', down: true },
      { code: 'Enter', down: false },
      { code: 'Space', down: true },
      { code: 'Space', down: false },
    ]);
  });

  it('presses a chord left to right and releases it in reverse, as sendkey does', () => {
    expect(parseKeyScript('shift-a').map((k) => `${k.down ? '+' : '-'}${k.code}`)).toEqual([
      '+ShiftLeft',
      '+KeyA',
      '-KeyA',
      '-ShiftLeft',
    ]);
  });

  it('takes KeyboardEvent codes and function keys as they are', () => {
    expect(
      parseKeyScript('F5 f12 NumpadEnter')
        .filter((k) => k.down)
        .map((k) => k.code),
    ).toEqual(['F5', 'F12', 'NumpadEnter']);
  });

  it('refuses a key the keyboard does not have, naming it', () => {
    expect(() => parseKeyScript('a nosuchkey')).toThrow(/unknown key 'nosuchkey'/);
  });
});
