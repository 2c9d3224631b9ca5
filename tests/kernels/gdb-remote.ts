// A small client for the GDB remote serial protocol, enough to drive QEMU's gdb stub: set a
// breakpoint, continue to it, and run monitor commands (qRcmd) to read `info mem` and the
// like at that point. Packets are `$data#checksum`, each acknowledged with '+'.
import { connect } from 'node:net';
import type { Socket } from 'node:net';

const checksum = (s: string) =>
  [...Buffer.from(s, 'latin1')]
    .reduce((a, b) => (a + b) & 0xff, 0)
    .toString(16)
    .padStart(2, '0');

export class GdbRemote {
  private buffer = '';
  private waiting: (() => void) | null = null;
  private closed = false;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      this.buffer += d;
      this.waiting?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.waiting?.();
    });
  }

  /** Connects to a stub listening on a unix socket (QEMU's -gdb unix:PATH,server=on). */
  static open(path: string): Promise<GdbRemote> {
    return new Promise((resolve, reject) => {
      const s = connect(path, () => resolve(new GdbRemote(s)));
      s.once('error', reject);
    });
  }

  /** Sends one packet and returns the stub's reply (the next packet it sends). */
  async request(data: string, timeoutMs = 10_000): Promise<string> {
    this.socket.write(`$${data}#${checksum(data)}`);
    return this.packet(timeoutMs);
  }

  /** Sets a breakpoint at a virtual address (Z0: the stub's own, QEMU keeps guest memory intact). */
  async breakAt(address: bigint): Promise<void> {
    const reply = await this.request(`Z0,${address.toString(16)},1`);
    if (reply !== 'OK')
      throw new Error(`the stub refused a breakpoint at 0x${address.toString(16)}: ${reply}`);
  }

  /** Continues until the guest stops; returns the stop reply (T05... for a breakpoint). */
  resume(timeoutMs: number): Promise<string> {
    return this.request('c', timeoutMs);
  }

  /** Runs a monitor command (qRcmd) and returns its output, as the monitor prints it. */
  async monitor(command: string): Promise<string> {
    let reply = await this.request('qRcmd,' + Buffer.from(command, 'latin1').toString('hex'));
    let out = '';
    while (reply.startsWith('O') && reply !== 'OK') {
      out += Buffer.from(reply.slice(1), 'hex').toString('latin1');
      reply = await this.packet(10_000);
    }
    if (reply !== 'OK') throw new Error(`monitor '${command}' failed: ${reply}`);
    return out;
  }

  close(): void {
    this.socket.destroy();
  }

  /** The next packet from the stub, acknowledged; acks the stub sends are skipped. */
  private async packet(timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const start = this.buffer.indexOf('$');
      const end = start < 0 ? -1 : this.buffer.indexOf('#', start);
      if (end >= 0 && this.buffer.length >= end + 3) {
        const data = this.buffer.slice(start + 1, end);
        const sum = this.buffer.slice(end + 1, end + 3);
        this.buffer = this.buffer.slice(end + 3);
        if (sum !== checksum(data)) throw new Error(`bad checksum on packet '${data}'`);
        this.socket.write('+');
        return data;
      }
      if (this.closed) throw new Error('the gdb stub closed the connection (did QEMU exit?)');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no reply from the gdb stub in ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiting = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiting = null;
    }
  }
}
