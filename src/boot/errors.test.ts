import { describe, expect, it } from 'vitest';
import { BOOT_ERROR_CODES, bootError } from './errors.ts';

describe('the boot error catalog', () => {
  it('gives every code one sentence saying what is wrong and a hint saying what to do', () => {
    for (const code of BOOT_ERROR_CODES) {
      const e = bootError(code);
      expect(e.message, code).toMatch(/^([A-Z]|pagescope ).*\.$/);
      expect(e.message.slice(0, -1), code).not.toMatch(/\.\s/);
      expect(e.hint, code).toMatch(/^([A-Z]|pagescope ).*\.$/);
    }
  });

  it('appends the specifics to the sentence after a colon', () => {
    expect(bootError('BOOT_TRUNCATED_PHDR', '3 entries at offset 64').message).toBe(
      'The program header table runs past the end of the file: 3 entries at offset 64.',
    );
  });
});
