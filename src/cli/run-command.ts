import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { ShutdownRecord } from '../core/cpu/interrupts/fault-chain.ts';
import type { RunResult } from '../core/machine.ts';
import type { BootModule } from '../boot/options.ts';
import type { PcPeripherals } from '../core/devices/pc-peripherals.ts';
import { bootMachine } from '../engine/boot-machine.ts';
import { CliError } from './cli-error.ts';
import { splitArgs } from './command-args.ts';
import { parseKeyScript } from './key-script.ts';
import type { KeyStroke } from './key-script.ts';
import { parseSize } from './parse-size.ts';
import { formatScreen } from './screen-text.ts';

/**
 * Exit statuses of `pagescope run`. A guest's own exit through isa-debug-exit is
 * (n << 1) | 1, as under QEMU, which is always odd; pagescope's own outcomes are even so the
 * two never collide.
 */
export const RUN_EXIT = {
  halted: 0,
  badInput: 2,
  tripleFault: 4,
  limit: 6,
  reset: 8,
} as const;

const SLICE = 1_000_000;

/**
 * Typed keys: the first goes down at --keys-at, then one key event every KEY_STEP
 * instructions, so a kernel that takes one scancode per interrupt sees each on its own.
 */
const KEY_STEP = 500_000;
const DEFAULT_KEYS_AT = 20_000_000;

/** What `pagescope run` was asked to do, checked. */
interface RunOptions {
  bytes: Uint8Array;
  imageName: string;
  cmdline: string | undefined;
  modules: BootModule[];
  disk: Uint8Array | undefined;
  diskSlave: Uint8Array | undefined;
  diskSecondary: Uint8Array | undefined;
  ramSize: number;
  maxInstructions: number;
  maxSeconds: number;
  stopAt: string;
  keys: KeyStroke[];
  keysAt: number;
  screen: boolean;
  framebuffer: boolean;
}

function parseRunOptions(args: string[]): RunOptions {
  const [image, ...rest] = args;
  if (image === undefined || image.startsWith('--'))
    throw new CliError('run needs an image: pagescope run kernel.elf [options]');
  const parsed = splitArgs(
    rest,
    [
      'ram',
      'append',
      'initrd',
      'disk',
      'disk-slave',
      'disk-secondary',
      'max-instructions',
      'max-seconds',
      'stop-at',
      'keys',
      'keys-at',
    ],
    ['screen', 'framebuffer'],
  );
  if (parsed.words.length > 0) throw new CliError(`unexpected argument '${parsed.words[0]}'`);
  const opts = parsed.values;
  const diskFile = opts.get('disk');
  const slaveFile = opts.get('disk-slave');
  const secondaryFile = opts.get('disk-secondary');
  const maxInstructions = Number(opts.get('max-instructions') ?? '2000000000');
  const maxSeconds = Number(opts.get('max-seconds') ?? '60');
  if (!(maxInstructions > 0) || !(maxSeconds > 0))
    throw new CliError('--max-instructions and --max-seconds must be positive numbers');
  const stopAt = opts.get('stop-at') ?? 'exit';
  if (!['exit', 'halt'].includes(stopAt) && !/^\d+$/.test(stopAt))
    throw new CliError(`--stop-at takes exit, halt or an instruction count, not '${stopAt}'`);
  const keysAt = Number(opts.get('keys-at') ?? DEFAULT_KEYS_AT);
  if (!Number.isInteger(keysAt) || keysAt < 0)
    throw new CliError('--keys-at takes an instruction count');
  return {
    bytes: readInput(image),
    imageName: basename(image),
    cmdline: opts.get('append'),
    modules: (parsed.repeated.get('initrd') ?? []).map(moduleFromSpec),
    disk: diskFile === undefined ? undefined : readInput(diskFile),
    diskSlave: slaveFile === undefined ? undefined : readInput(slaveFile),
    diskSecondary: secondaryFile === undefined ? undefined : readInput(secondaryFile),
    ramSize: parseSize(opts.get('ram') ?? '256M', '--ram'),
    maxInstructions,
    maxSeconds,
    stopAt,
    keys: parseKeyScript(opts.get('keys') ?? ''),
    keysAt,
    screen: parsed.switches.has('screen'),
    framebuffer: parsed.switches.has('framebuffer'),
  };
}

/** `pagescope run IMAGE`: boots an image headless, serial output to stdout. */
export function runCommand(args: string[], out: (s: string) => void, err: (s: string) => void) {
  const o = parseRunOptions(args);
  const booted = bootMachine(o.bytes, {
    ramSize: o.ramSize,
    imageName: o.imageName,
    cmdline: o.cmdline,
    modules: o.modules,
    disk: o.disk,
    diskSlave: o.diskSlave,
    diskSecondary: o.diskSecondary,
    framebuffer: o.framebuffer,
  });
  if (!booted.ok) {
    err(`pagescope: ${booted.error.code}: ${booted.error.message}\n  ${booted.error.hint}\n`);
    return RUN_EXIT.badInput;
  }
  const { machine, pc } = booted;
  const decoder = new TextDecoder();
  machine.onEvent((e) => {
    if (e.kind === 'serial' || e.kind === 'debugcon')
      out(decoder.decode(Uint8Array.of(e.byte), { stream: true }));
  });

  const { stopAt, keys, keysAt } = o;
  const budgetEnd = /^\d+$/.test(stopAt)
    ? Math.min(Number(stopAt), o.maxInstructions)
    : o.maxInstructions;
  const deadline = Date.now() + o.maxSeconds * 1000;
  let nextKey = 0;
  let result: RunResult | undefined;
  let status: number | undefined;
  for (;;) {
    const now = machine.cpu.icount[0];
    nextKey = typeKeysDue(keys, nextKey, now - keysAt, pc);
    if (budgetEnd - now <= 0) break;
    const keyDue = nextKey < keys.length ? keysAt + nextKey * KEY_STEP : Infinity;
    result = machine.run(Math.min(SLICE, Math.min(budgetEnd, keyDue) - now));
    pc.poll();
    if (result.reason !== 'budget') break;
    if (stopAt === 'halt' && machine.cpu.halted) break;
    if (Date.now() > deadline) {
      err(`pagescope: stopped after ${o.maxSeconds} s of wall-clock time (--max-seconds)\n`);
      status = RUN_EXIT.limit;
      break;
    }
  }
  const at = machine.cpu.icount[0];
  if (o.screen) {
    if (pc.vga) out(formatScreen(pc.vga.render(), at));
    else err('pagescope: this machine has no VGA text screen\n');
  }
  return status ?? finish(result, machine.cpu.shutdown, at, stopAt, err);
}

/**
 * Presses and releases the keys whose time has come (`since` instructions after --keys-at,
 * one every KEY_STEP); returns the index of the next key event still to come.
 */
function typeKeysDue(keys: KeyStroke[], next: number, since: number, pc: PcPeripherals): number {
  let k = next;
  while (k < keys.length && since >= k * KEY_STEP) {
    pc.ps2.keyEvent(keys[k].code, keys[k].down);
    k++;
  }
  return k;
}

/** QEMU's -initrd: a module is a file, optionally followed by its own command line. */
export function moduleFromSpec(spec: string): BootModule {
  const [file, ...words] = spec.trim().split(/\s+/);
  return { name: basename(file), bytes: readInput(file), cmdline: words.join(' ') || undefined };
}

function readInput(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as Error).message}`, false);
  }
}

function finish(
  r: RunResult | undefined,
  shutdown: ShutdownRecord | null,
  at: number,
  stopAt: string,
  err: (s: string) => void,
): number {
  const reason = r?.reason ?? 'budget';
  switch (reason) {
    case 'exit':
      return r?.event?.kind === 'exit' ? r.event.status : RUN_EXIT.halted;
    case 'poweroff':
    case 'halted-forever':
      err(
        `pagescope: ${reason === 'poweroff' ? 'powered off' : 'halted with interrupts off'} at instruction ${at}\n`,
      );
      return RUN_EXIT.halted;
    case 'triple-fault':
      err(`pagescope: triple fault at instruction ${at}: ${shutdown?.summary ?? ''}\n`);
      for (const link of shutdown?.chain ?? [])
        err(`  ${link.name} at RIP 0x${link.rip.toString(16)}: ${link.cause}; ${link.failure}\n`);
      return RUN_EXIT.tripleFault;
    case 'reset':
      err(`pagescope: the guest asked for a reset at instruction ${at}\n`);
      return RUN_EXIT.reset;
    default:
      if (stopAt !== 'exit') return RUN_EXIT.halted;
      err(`pagescope: instruction limit reached at ${at} (--max-instructions)\n`);
      return RUN_EXIT.limit;
  }
}
