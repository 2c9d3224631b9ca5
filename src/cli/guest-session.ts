import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { DETECTORS, PitfallMonitor } from '../analysis/pitfalls/index.ts';
import type { BootPlan } from '../boot/index.ts';
import type { Machine } from '../core/machine.ts';
import { bootMachine } from '../engine/boot-machine.ts';
import type { PcPeripherals } from '../core/devices/pc-peripherals.ts';
import { CliError } from './cli-error.ts';
import type { StopPoint } from './stop-point.ts';
import { parseSize } from './parse-size.ts';

/** Guest time a machine.run call covers between looks at the clock and the stop point. */
const SLICE = 1_000_000;

export interface SessionOptions {
  ram: string;
  append?: string;
  /** Offer a linear framebuffer (1024x768x32) to kernels that ask for one. */
  framebuffer: boolean;
  maxInstructions: number;
  maxSeconds: number;
  /** Guest serial output, as it comes (inspect and check send it to stderr on --serial). */
  serial?: (s: string) => void;
}

/** How a run ended: at the stop point, by the guest, or at a limit. */
export interface RunEnd {
  /** The stop point was reached (the machine is there). */
  reached: boolean;
  /** What ended it: the stop, exit, poweroff, reset, triple-fault, halted-forever, limit, time. */
  reason: string;
  at: number;
}

/** A booted image with the pitfall detectors watching it. */
export class GuestSession {
  readonly monitor: PitfallMonitor;

  private constructor(
    readonly machine: Machine,
    private readonly pc: PcPeripherals,
    readonly plan: BootPlan,
    private readonly opts: SessionOptions,
  ) {
    this.monitor = new PitfallMonitor(machine, DETECTORS, {
      symbols: plan.symbols,
      regions: plan.regions,
    });
  }

  /** Boots IMAGE; a file that is not a kernel gives the boot error catalog's message. */
  static boot(image: string, opts: SessionOptions): GuestSession | { error: string } {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(image);
    } catch (e) {
      throw new CliError(`cannot read ${image}: ${(e as Error).message}`, false);
    }
    const booted = bootMachine(bytes, {
      ramSize: parseSize(opts.ram, '--ram'),
      imageName: basename(image),
      cmdline: opts.append,
      framebuffer: opts.framebuffer,
    });
    if (!booted.ok)
      return { error: `${booted.error.code}: ${booted.error.message}\n  ${booted.error.hint}` };
    const s = new GuestSession(booted.machine, booted.pc, booted.plan, opts);
    const serial = opts.serial;
    if (serial) {
      const decoder = new TextDecoder();
      booted.machine.onEvent((e) => {
        if (e.kind === 'serial') serial(decoder.decode(Uint8Array.of(e.byte), { stream: true }));
      });
    }
    return s;
  }

  /** Runs until the stop point, the guest's end, or a limit; the machine stays where it ended. */
  run(stop: StopPoint): RunEnd {
    const m = this.machine;
    const cpu = m.cpu;
    const disarm = stop.arm(this.monitor.watch, () => m.stop());
    const end = stop.instruction ?? this.opts.maxInstructions;
    const deadline = Date.now() + this.opts.maxSeconds * 1000;
    try {
      for (;;) {
        const left = Math.min(end, this.opts.maxInstructions) - cpu.now();
        if (left <= 0) {
          const reached = stop.instruction !== null && cpu.now() >= stop.instruction;
          return { reached, reason: reached ? 'stop' : 'limit', at: cpu.now() };
        }
        const r = m.run(Math.min(SLICE, left));
        this.pc.poll();
        if (r.reason === 'stopped') return { reached: true, reason: 'stop', at: cpu.now() };
        if (r.reason !== 'budget')
          return { reached: stop.endsAt(r.reason), reason: r.reason, at: cpu.now() };
        if (stop.kind === 'halt' && cpu.halted)
          return { reached: true, reason: 'stop', at: cpu.now() };
        if (Date.now() > deadline) return { reached: false, reason: 'time', at: cpu.now() };
      }
    } finally {
      disarm();
    }
  }
}

/** The options both commands take, with their defaults. */
export function sessionOptions(
  opts: Map<string, string>,
  switches: Set<string>,
  serial?: (s: string) => void,
): SessionOptions {
  const maxInstructions = Number(opts.get('max-instructions') ?? '2000000000');
  const maxSeconds = Number(opts.get('max-seconds') ?? '60');
  if (!(maxInstructions > 0) || !(maxSeconds > 0))
    throw new CliError('--max-instructions and --max-seconds must be positive numbers');
  return {
    ram: opts.get('ram') ?? '256M',
    append: opts.get('append'),
    framebuffer: switches.has('framebuffer'),
    maxInstructions,
    maxSeconds,
    serial,
  };
}
