import { describe, expect, it } from 'vitest';
import { fromBanner, serialMismatch } from './serial-match.ts';

describe('serial output matching', () => {
  it('accepts identical output, with or without a final newline', () => {
    expect(serialMismatch('a\nb\n', 'a\nb\n')).toBeUndefined();
    expect(serialMismatch('a\nb\n', 'a\nb')).toBeUndefined();
  });

  it('lets {*} stand for any text within a line, including none', () => {
    expect(serialMismatch('loader {*} ok\n', 'loader GRUB 2.06 ok\n')).toBeUndefined();
    expect(serialMismatch('at {*}, {*} KiB\n', 'at , 12 KiB\n')).toBeUndefined();
  });

  it('does not let {*} swallow a line break', () => {
    expect(serialMismatch('a {*}\n', 'a x\nb\n')).toMatch(/line 2: unexpected extra output/);
  });

  it('treats regular expression characters in expected lines literally', () => {
    expect(serialMismatch('cost (x+y) * 2 [ok]\n', 'cost (x+y) * 2 [ok]\n')).toBeUndefined();
    expect(serialMismatch('a.c\n', 'abc\n')).toMatch(/line 1/);
  });

  it('names the first line that differs', () => {
    expect(serialMismatch('a\nb\nc\n', 'a\nB\nc\n')).toBe('line 2: expected "b", got "B"');
  });

  it('reports output that stops early', () => {
    expect(serialMismatch('a\nb\n', 'a\n')).toBe('line 2: output ends; expected "b"');
  });

  it('drops what firmware printed before the kernel banner, carriage returns too', () => {
    expect(fromBanner('\x1bcSeaBIOS\r\nBooting from ROM..k: hi\r\nbye\r\n', 'k: hi')).toBe(
      'k: hi\nbye\n',
    );
    expect(fromBanner('nothing here', 'k: hi')).toBeUndefined();
  });
});
