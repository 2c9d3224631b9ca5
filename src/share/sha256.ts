/**
 * SHA-256 through Web Crypto, which the browser (the app is served cross-origin isolated,
 * hence from a secure context) and Node both provide.
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return hexOf(await sha256Bytes(bytes));
}

export async function sha256Bytes(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

function hexOf(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** A SHA-256 as share links and the share service name files: 64 lower-case hex digits. */
export function isSha256Hex(text: string): boolean {
  return SHA256_HEX.test(text);
}
