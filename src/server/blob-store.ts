import type { Readable } from 'node:stream';
import { isSha256Hex } from '../share/sha256.ts';

/**
 * Where the share service keeps files: content-addressed, each stored under the lower-case
 * hex SHA-256 of its bytes. Callers check the hash; stores refuse any other name, so no name
 * from a request can reach a path or key that was not made by put().
 */
export interface BlobStore {
  /** The bytes stored under `sha256` as a stream, or null when there are none. */
  open(sha256: string): Promise<StoredBlob | null>;
  /** The size of what is stored under `sha256`, or null when there is nothing. */
  size(sha256: string): Promise<number | null>;
  put(sha256: string, bytes: Uint8Array): Promise<void>;
  /** Total bytes stored, for the quota (read once when the service starts). */
  totalBytes(): Promise<number>;
}

export interface StoredBlob {
  size: number;
  /** Streamed, so serving a large file holds only a chunk of it in memory at a time. */
  stream: Readable;
}

/** The store could not be reached or answered with an error (the service says 502). */
export class StoreError extends Error {}

export function checkBlobName(sha256: string): void {
  if (!isSha256Hex(sha256)) throw new StoreError(`not a SHA-256 name: ${sha256.slice(0, 80)}`);
}
