// Builds the reference kernels and runs them under QEMU, TCG or KVM, the way the expected files
// in expected/ were made (update-expected.ts writes them with these same functions).
import { execFileSync, spawn } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const EXPECTED_DIR = join(ROOT, 'tests/reference/expected');

export type KernelName = 'access' | 'exception' | 'task';
export type Accel = 'tcg' | 'kvm';

interface Kernel {
  /** Source directory, with its own Makefile. */
  dir: string;
  /** Image name in public/kernels/ and in the source directory's build/. */
  image: string;
  /**
   * Multiboot command line for the KVM run. The nested KVM of this project's machines emulates
   * the delivery of software interrupts (INT n, INT3 at CPL 0, INT1, INTO), BOUND's #BR, #MF at
   * CPL 0 and anything touching MXCSR, and stops with "KVM internal error ... emulation failure"
   * (or, at CPL 3, turns them into #UD). Those probes are left out of the KVM run; the kernel
   * prints a "skipped" line for each (docs/qemu-differences.md, "The KVM reference run").
   */
  kvmCommandLine?: string;
  /**
   * Set for a kernel with no KVM run: why. The nested KVM of this project's machines stops
   * with "emulation failure" at any far JMP/CALL to a TSS, task gate or call gate, and
   * triple-faults on #DF through a task gate, so the task test has only its TCG run
   * (docs/qemu-differences.md, "The KVM reference run").
   */
  noKvmRun?: string;
}

export const KERNELS: Record<KernelName, Kernel> = {
  access: { dir: 'kernels/access-test', image: 'access-test.elf' },
  exception: {
    dir: 'kernels/exception-test',
    image: 'exception-test.elf',
    kvmCommandLine: 'skip=int1,bp@r0,into,bound,into64@r0,bound64,int82,int83,mf@r0,mf_fdiv@r0,xm',
  },
  task: {
    dir: 'kernels/task-test',
    image: 'task-test.elf',
    noKvmRun: 'the nested KVM cannot emulate task switches or call gates',
  },
};

export function publicImage(name: KernelName): string {
  return join(ROOT, 'public/kernels', KERNELS[name].image);
}

/** `make clean` then `make` in the kernel's directory; returns the fresh image's bytes. */
export function rebuild(name: KernelName): Buffer {
  const dir = join(ROOT, KERNELS[name].dir);
  execFileSync('make', ['-s', '-C', dir, 'clean'], { stdio: 'pipe' });
  execFileSync('make', ['-s', '-C', dir], { stdio: 'pipe' });
  return readFileSync(join(dir, 'build', KERNELS[name].image));
}

/** Whether QEMU can use KVM here: /dev/kvm exists and this process may open it. */
export function kvmUsable(): boolean {
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export interface QemuRun {
  /** Everything the guest wrote to COM1. */
  output: string;
  /** QEMU's exit status: (n << 1) | 1 for a write of n to the isa-debug-exit port. */
  status: number | null;
}

/** A kernel that loops must not hang the suite: QEMU is killed after this long. */
const TIMEOUT_MS: Record<Accel, number> = { tcg: 60_000, kvm: 110_000 };

/**
 * Boots the image with QEMU's -kernel (Multiboot 1). The serial port is the only output on
 * stdout; -monitor none because -nographic would share stdio with it.
 */
export function runQemu(image: string, accel: Accel, commandLine?: string): Promise<QemuRun> {
  const cpu =
    accel === 'kvm'
      ? ['-accel', 'kvm', '-cpu', 'host,-arch-capabilities']
      : ['-accel', 'tcg', '-cpu', 'max'];
  const args = [
    ...cpu,
    '-m', '256M', // pagescope's default RAM (DEFAULT_ENGINE_RAM)
    '-display', 'none',
    '-monitor', 'none',
    '-no-reboot',
    '-serial', 'stdio',
    '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x4',
    '-kernel', image,
    ...(commandLine ? ['-append', commandLine] : []),
  ]; // prettier-ignore
  return new Promise((resolve, reject) => {
    const child = spawn('qemu-system-x86_64', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS[accel]);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot start qemu-system-x86_64 (is QEMU installed?): ${e.message}`));
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      const output = Buffer.concat(out).toString('latin1');
      if (signal) {
        const stderr = Buffer.concat(err).toString();
        reject(new Error(`QEMU (${accel}) killed by ${signal} after:\n${output}\n${stderr}`));
        return;
      }
      resolve({ output, status });
    });
  });
}
