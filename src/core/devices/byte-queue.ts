import { loadFields, saveFields } from '../machine/snapshot-fields.ts';
import type { SavedState } from '../machine/snapshot-fields.ts';
/** A fixed-size FIFO of bytes that drops what does not fit, like a device's output buffer. */
export class ByteQueue {
  private readonly data: Uint8Array;
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.data = new Uint8Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** Returns false (and drops the byte) when full. */
  push(byte: number): boolean {
    if (this.count === this.capacity) return false;
    this.data[(this.head + this.count) % this.capacity] = byte;
    this.count++;
    return true;
  }

  /** The oldest byte, or -1 when empty. */
  peek(): number {
    return this.count === 0 ? -1 : this.data[this.head];
  }

  /** Removes and returns the oldest byte, or -1 when empty. */
  shift(): number {
    if (this.count === 0) return -1;
    const v = this.data[this.head];
    this.head = (this.head + 1) % this.capacity;
    this.count--;
    return v;
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }

  /** Snapshot state (core/machine/snapshot-fields.ts): the bytes and where they start. */
  saveState(): SavedState {
    return saveFields(this);
  }

  loadState(s: SavedState): void {
    loadFields(this, s);
  }
}
