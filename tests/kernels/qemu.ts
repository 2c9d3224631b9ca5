// Runs QEMU the way every kernel test does, and reads what it leaves behind: the serial
// output, the exit status, and (with the interrupt log) the exceptions up to a triple fault.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * -nographic and -serial stdio both want stdio; -monitor none settles it. -nodefaults drops
 * the network card and VGA (less firmware chatter, faster boots); -m gives the RAM pagescope
 * gives a kernel by default (DEFAULT_ENGINE_RAM).
 */
export const QEMU_FLAGS = [
  '-accel tcg -m 256M -nodefaults -nographic -monitor none -no-reboot',
  '-serial stdio -display none -device isa-debug-exit,iobase=0xf4,iosize=0x4',
]
  .join(' ')
  .split(' ');

export interface QemuRun {
  /** The process exit status; null when it had to be killed. */
  status: number | null;
  timedOut: boolean;
  serial: string;
  stderr: string;
}

export function runQemu(args: string[], timeoutMs = 20_000): Promise<QemuRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('qemu-system-x86_64', [...QEMU_FLAGS, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({
        status,
        timedOut,
        serial: Buffer.concat(out).toString('latin1'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** Arguments that make QEMU log exceptions and resets to `file` (-d int,cpu_reset). */
export const interruptLog = (file: string): string[] => ['-d', 'int,cpu_reset', '-D', file];

const NAMES: Record<number, string> = { 0: '#DE', 6: '#UD', 8: '#DF', 10: '#TS', 11: '#NP' };
Object.assign(NAMES, { 12: '#SS', 13: '#GP', 14: '#PF' });
const CONTRIBUTORY = new Set([0, 10, 11, 12, 13]);
const NONE = 0xffffffff;

/**
 * The exceptions QEMU raised, in order, from its interrupt log: each check_exception line
 * names the exception being delivered (old) and the new one; the combinations the SDM
 * (table 6-5) turns into a double fault are reported as #DF, a fault while delivering #DF as
 * the triple fault that QEMU then logs.
 */
export function exceptionChain(logFile: string): string[] {
  const chain: string[] = [];
  for (const line of readFileSync(logFile, 'latin1').split('\n')) {
    const m = /check_exception old: 0x([0-9a-f]+) new 0x([0-9a-f]+)/.exec(line);
    if (m) {
      const [oldV, newV] = [parseInt(m[1], 16), parseInt(m[2], 16)];
      const name = NAMES[newV] ?? `vector ${newV}`;
      if (oldV === NONE) chain.push(name);
      else if (oldV === 8)
        continue; // the triple fault line follows
      else if (
        (CONTRIBUTORY.has(oldV) && CONTRIBUTORY.has(newV)) ||
        (oldV === 14 && (CONTRIBUTORY.has(newV) || newV === 14))
      )
        chain.push('#DF');
      else chain.push(name);
    } else if (line.startsWith('Triple fault')) {
      chain.push('triple fault');
    }
  }
  return chain;
}
