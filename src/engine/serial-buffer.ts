/** Keeps at most this much serial text: a chatty kernel must not grow the worker without end. */
const MAX_TEXT = 1 << 20;

/**
 * The guest's serial (and port 0xe9) output as text. Bytes map one to one onto U+0000-U+00FF,
 * as a terminal in Latin-1 would show them, so nothing is lost and nothing is invented; the
 * UI's terminal interprets escape sequences. `take()` hands out what arrived since last time.
 */
export class SerialBuffer {
  private chunks: string[] = [];
  private pending: number[] = [];
  private kept = '';

  push(byte: number): void {
    this.pending.push(byte);
    if (this.pending.length >= 4096) this.flush();
  }

  /** Text that arrived since the previous take(). */
  take(): string {
    this.flush();
    const s = this.chunks.join('');
    this.chunks = [];
    return s;
  }

  /** Everything kept so far (the last MiB), without disturbing take(). */
  all(): string {
    this.flush();
    return this.kept;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const s = String.fromCharCode(...this.pending);
    this.pending = [];
    this.chunks.push(s);
    this.kept = (this.kept + s).slice(-MAX_TEXT);
  }
}
