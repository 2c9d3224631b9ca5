/**
 * base64url (RFC 4648 §5) without padding: the alphabet that survives in a URL fragment
 * unescaped. Decoding refuses any other character, but reads a cut-off end as far as it
 * goes (a partial last group gives the bytes it completes), so a link cut short is reported
 * as cut short by the frame's length check rather than as bad text; the frame checksum
 * catches any other change at the end.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

/** Bytes turned into a binary string this many at a time (under any engine's argument limit). */
const CHUNK = 0x8000;

export function encodeBase64url(bytes: Uint8Array): string {
  // btoa is native in browsers and Node, and far faster than encoding in script.
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  const padded = btoa(binary);
  const end = padded.endsWith('==') ? -2 : padded.endsWith('=') ? -1 : padded.length;
  return padded.slice(0, end).replace(/[+/]/g, (c) => (c === '+' ? '-' : '_'));
}

export type Base64urlDecoding = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

/** Decodes unpadded base64url; says which character is not base64url otherwise. */
export function decodeBase64url(text: string): Base64urlDecoding {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? VALUES[c] : -1;
    if (v < 0) return { ok: false, reason: `character ${i + 1} is not base64url` };
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return { ok: true, bytes: out };
}
