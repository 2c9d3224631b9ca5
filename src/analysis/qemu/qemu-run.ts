import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Runs a proof kernel in the real QEMU and asks its monitor, over QMP on a unix socket in a
 * private temporary directory (never TCP), for `info mem`, `info tlb`, `info registers` and a
 * dump of guest RAM. Node-only test support: nothing in the app imports it.
 */

const here = dirname(fileURLToPath(import.meta.url));
const CACHE = resolve(here, '../../../node_modules/.cache/pagescope-analysis');

/**
 * Fails with what to do when QEMU or gcc is missing: these tests prove byte-identity with
 * QEMU and must not pass without it (scripts/ensure-system-deps.sh installs both).
 */
export function requireQemu(): void {
  for (const tool of ['qemu-system-x86_64', 'gcc']) {
    try {
      execFileSync(tool, ['--version'], { stdio: 'ignore' });
    } catch {
      throw new Error(`${tool} is not installed: run 'bash scripts/ensure-system-deps.sh'`);
    }
  }
}

/** Assembles and links the kernel (cached by content); returns the ELF32 path. */
export function buildGuest(asm: string, linkerScript: string, tables: Uint8Array): string {
  const hash = createHash('sha256').update(asm).update(linkerScript).update(tables).digest('hex');
  const dir = join(CACHE, hash.slice(0, 16));
  const out = join(dir, 'kernel.elf');
  if (existsSync(out)) return out;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'guest.S'), asm);
  writeFileSync(join(dir, 'link.ld'), linkerScript);
  writeFileSync(join(dir, 'tables.bin'), tables);
  // 64-bit code with absolute 32-bit addresses does not assemble into an ELF32 object:
  // assemble and link as ELF64, then rewrite the container as ELF32 for QEMU's -kernel.
  const run = (cmd: string, args: string[]) => {
    try {
      execFileSync(cmd, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (e) {
      const stderr = (e as { stderr?: Buffer }).stderr?.toString() ?? '';
      throw new Error(`${cmd} failed: ${stderr}`, { cause: e });
    }
  };
  run('gcc', ['-c', 'guest.S', '-o', 'guest.o']);
  run(
    'ld',
    ['-T', 'link.ld', '-z', 'max-page-size=0x1000', '--build-id=none'].concat([
      '--no-warn-rwx-segments',
      '-o',
      'kernel64.elf',
      'guest.o',
    ]),
  );
  run('objcopy', ['-O', 'elf32-i386', 'kernel64.elf', 'kernel.elf']);
  return out;
}

export interface QemuCapture {
  infoMem: string;
  infoTlb: string;
  infoRegisters: string;
  ram: Uint8Array;
}

interface Qmp {
  command(execute: string, args?: object): Promise<unknown>;
  close(): void;
}

function qmpClient(path: string): Promise<Qmp> {
  return new Promise((resolveClient, reject) => {
    const sock = connect(path);
    let buf = '';
    const waiting: ((v: Record<string, unknown>) => void)[] = [];
    let greeted = false;
    sock.on('error', reject);
    sock.on('data', (d) => {
      buf += d.toString('utf8');
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const msg = JSON.parse(buf.slice(0, nl)) as Record<string, unknown>;
        buf = buf.slice(nl + 1);
        if ('QMP' in msg && !greeted) {
          greeted = true;
          resolveClient(client);
        } else if ('return' in msg || 'error' in msg) waiting.shift()?.(msg);
      }
    });
    const client: Qmp = {
      command(execute, args) {
        return new Promise((res, rej) => {
          waiting.push((m) => (m.error ? rej(new Error(JSON.stringify(m.error))) : res(m.return)));
          sock.write(JSON.stringify({ execute, arguments: args }) + '\n');
        });
      },
      close: () => sock.destroy(),
    };
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Boots `kernel` with `-kernel`, waits for HLT=1, captures the monitor output and RAM. */
export async function captureQemu(
  kernel: string,
  opts: { cpu?: string; ramMiB?: number } = {},
): Promise<QemuCapture> {
  const dir = mkdtempSync(join(tmpdir(), 'pagescope-qemu-'));
  const sockPath = join(dir, 'qmp.sock');
  const ramMiB = opts.ramMiB ?? 32;
  const qemu = spawn(
    'qemu-system-x86_64',
    ['-machine', 'pc,accel=tcg', '-cpu', opts.cpu ?? 'qemu64', '-m', `${ramMiB}M`, '-nodefaults']
      .concat(['-display', 'none', '-no-reboot', '-kernel', kernel])
      .concat(['-qmp', `unix:${sockPath},server=on,wait=off`]),
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  qemu.stderr.on('data', (d) => (stderr += d));
  try {
    for (let i = 0; !existsSync(sockPath); i++) {
      if (i > 200 || qemu.exitCode !== null) throw new Error(`QEMU did not start: ${stderr}`);
      await sleep(25);
    }
    const qmp = await qmpClient(sockPath);
    await qmp.command('qmp_capabilities');
    const hmp = (cmd: string) =>
      qmp.command('human-monitor-command', { 'command-line': cmd }) as Promise<string>;
    let regs = '';
    for (let i = 0; ; i++) {
      regs = await hmp('info registers');
      if (/HLT=1/.test(regs)) break;
      if (i > 800) throw new Error(`the guest never halted:\n${regs}`);
      await sleep(25);
    }
    const infoMem = await hmp('info mem');
    const infoTlb = await hmp('info tlb');
    const dump = join(dir, 'ram.bin');
    await qmp.command('pmemsave', { val: 0, size: ramMiB << 20, filename: dump });
    const ram = new Uint8Array(readFileSync(dump));
    await qmp.command('quit').catch(() => undefined);
    qmp.close();
    return { infoMem, infoTlb, infoRegisters: regs, ram };
  } finally {
    if (qemu.exitCode === null) qemu.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}
