// Runs an image in pagescope the way the kernel tests compare it with QEMU: booted by
// bootMachine, run in slices until it stops or a budget of guest instructions is spent,
// with everything it wrote to COM1.
import { bootMachine } from '../../src/engine/boot-machine.ts';
import type { BootMachineOptions } from '../../src/engine/boot-machine.ts';
import type { ShutdownRecord } from '../../src/core/cpu/interrupts/fault-chain.ts';
import type { RunResult } from '../../src/core/machine.ts';

const SLICE = 10_000_000;

export interface PagescopeRun {
  result: RunResult;
  serial: string;
  /** The guest clock when it stopped (cpu.icount). */
  at: number;
  /** The fault chain of a triple fault. */
  shutdown: ShutdownRecord | null;
}

export function runInPagescope(
  image: Uint8Array,
  options: BootMachineOptions,
  budget = 500_000_000,
): PagescopeRun {
  const booted = bootMachine(image, options);
  if (!booted.ok) {
    throw new Error(`${options.imageName}: ${booted.error.code}: ${booted.error.message}`);
  }
  const { machine, pc } = booted;
  let serial = '';
  machine.onEvent((e) => {
    if (e.kind === 'serial') serial += String.fromCharCode(e.byte);
  });
  let result: RunResult;
  do {
    result = machine.run(SLICE);
    pc.poll();
  } while (result.reason === 'budget' && machine.cpu.icount[0] < budget);
  return { result, serial, at: machine.cpu.icount[0], shutdown: machine.cpu.shutdown };
}
