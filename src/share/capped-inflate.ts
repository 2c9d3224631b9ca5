import { Inflate } from 'fflate';

/** Compressed bytes handed to the inflater at a time: at most ~1 MiB of output each. */
const STEP = 1024;

export type InflateOutcome =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; reason: 'too-large' | 'truncated' | 'corrupt'; detail: string };

/**
 * Inflates raw DEFLATE data but stops as soon as the output passes `cap` bytes, feeding the
 * input in small steps so a decompression bomb costs at most one step beyond the cap in
 * memory and time.
 */
export function inflateCapped(data: Uint8Array, cap: number): InflateOutcome {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total <= cap) chunks.push(chunk);
  });
  try {
    let offset = 0;
    do {
      const end = Math.min(offset + STEP, data.length);
      inflater.push(data.subarray(offset, end), end === data.length);
      offset = end;
    } while (offset < data.length && total <= cap);
  } catch (e) {
    // fflate's code 0 is "unexpected EOF": the stream stops before its last block.
    const code = (e as { code?: number }).code;
    const detail = e instanceof Error ? e.message : String(e);
    return { ok: false, reason: code === 0 ? 'truncated' : 'corrupt', detail };
  }
  if (total > cap) return { ok: false, reason: 'too-large', detail: `more than ${cap} bytes` };
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return { ok: true, bytes: out };
}
