import { describe, expect, it } from 'vitest';
import { decodeBase64url, encodeBase64url } from './base64url.ts';
import { noiseBytes } from './test-helpers.ts';

describe('base64url', () => {
  it('encodes every length as Node does, and decodes back to the same bytes', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = noiseBytes(n, n + 7);
      const text = encodeBase64url(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(decodeBase64url(text)).toEqual({ ok: true, bytes });
    }
  });

  it('refuses characters outside the alphabet, naming the first', () => {
    expect(decodeBase64url('AAAA+AAA')).toEqual({
      ok: false,
      reason: 'character 5 is not base64url',
    });
    expect(decodeBase64url('AA=A').ok).toBe(false);
    expect(decodeBase64url('AAé').ok).toBe(false);
  });

  it('reads a cut-off end as far as it goes', () => {
    const text = encodeBase64url(Uint8Array.of(1, 2, 3, 4, 5, 6));
    expect(decodeBase64url(text.slice(0, 5))).toEqual({ ok: true, bytes: Uint8Array.of(1, 2, 3) });
    expect(decodeBase64url(text.slice(0, 7))).toEqual({
      ok: true,
      bytes: Uint8Array.of(1, 2, 3, 4, 5),
    });
  });
});
