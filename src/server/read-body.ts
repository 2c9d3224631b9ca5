import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface BodyLimits {
  maxBytes: number;
  /** Longest silence between two pieces of the body. */
  idleMs: number;
  /** Longest whole upload, so a body trickled in byte by byte cannot hold a slot forever. */
  totalMs: number;
}

export type BodyOutcome =
  | { kind: 'complete'; bytes: Uint8Array; sha256: string }
  | { kind: 'too-large'; received: number }
  | { kind: 'timeout'; received: number }
  | { kind: 'aborted' };

/**
 * Reads a request body into memory, hashing it on the way, and stops at the first limit it
 * passes: a declared or actual size over `maxBytes`, silence, or the overall deadline. The
 * request is left paused on refusal; the caller replies and closes the connection.
 */
export function readBody(req: IncomingMessage, limits: BodyLimits): Promise<BodyOutcome> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    return Promise.resolve({ kind: 'too-large', received: 0 });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const hash = createHash('sha256');
    let received = 0;
    let idle = setTimeout(() => finish({ kind: 'timeout', received }), limits.idleMs);
    const deadline = setTimeout(() => finish({ kind: 'timeout', received }), limits.totalMs);

    function finish(outcome: BodyOutcome): void {
      clearTimeout(idle);
      clearTimeout(deadline);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      if (outcome.kind !== 'complete') req.pause();
      resolve(outcome);
    }
    function onData(chunk: Buffer): void {
      received += chunk.length;
      if (received > limits.maxBytes) return finish({ kind: 'too-large', received });
      chunks.push(chunk);
      hash.update(chunk);
      clearTimeout(idle);
      idle = setTimeout(() => finish({ kind: 'timeout', received }), limits.idleMs);
    }
    function onEnd(): void {
      const bytes = new Uint8Array(Buffer.concat(chunks, received));
      finish({ kind: 'complete', bytes, sha256: hash.digest('hex') });
    }
    function onClose(): void {
      if (!req.complete) finish({ kind: 'aborted' });
    }
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
  });
}
