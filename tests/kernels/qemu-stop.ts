// QEMU stopped at an address: started paused with its gdb stub on a unix socket in a private
// directory, a breakpoint set, continued to it, and its monitor asked for views there.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GdbRemote } from './gdb-remote.ts';
import { QEMU_FLAGS } from './qemu.ts';

/** Each monitor command's output, `\r\n` turned into `\n` as pagescope's formatters print. */
export type MonitorViews = Record<string, string>;

/**
 * Boots QEMU with `bootArgs`, runs it to the first time the guest executes `address`, and
 * returns the output of each monitor command there. QEMU is killed afterwards.
 */
export async function qemuViewsAt(
  bootArgs: string[],
  address: bigint,
  commands: string[],
  timeoutMs = 20_000,
): Promise<MonitorViews> {
  const dir = mkdtempSync(join(tmpdir(), 'pagescope-gdb-'));
  const socket = join(dir, 'gdb.sock');
  const qemu = spawn(
    'qemu-system-x86_64',
    [...QEMU_FLAGS, ...bootArgs, '-S', '-gdb', `unix:${socket},server=on,wait=off`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  qemu.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  let gdb: GdbRemote | null = null;
  try {
    const deadline = Date.now() + 5000;
    while (!existsSync(socket)) {
      if (Date.now() > deadline || qemu.exitCode !== null)
        throw new Error(`QEMU did not open its gdb socket: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    // The socket file appears a moment before QEMU listens on it.
    for (let tries = 0; gdb === null; tries++) {
      try {
        gdb = await GdbRemote.open(socket);
      } catch (e) {
        if (tries > 100) throw e;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    await gdb.breakAt(address);
    const stop = await gdb.resume(timeoutMs);
    if (!/^[TS]05/.test(stop))
      throw new Error(`QEMU stopped with '${stop}', not at the breakpoint`);
    const views: MonitorViews = {};
    for (const c of commands) views[c] = (await gdb.monitor(c)).replace(/\r\n/g, '\n');
    return views;
  } finally {
    gdb?.close();
    qemu.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}
