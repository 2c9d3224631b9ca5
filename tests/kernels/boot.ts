// Boots one catalog kernel under QEMU and checks its serial output and its end: the shared
// step of qemu-boot.test.ts and iso.test.ts.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { expectedSerial, qemuStatus } from './catalog.ts';
import type { GuestKernel } from './catalog.ts';
import { exceptionChain, interruptLog, runQemu } from './qemu.ts';
import { fromBanner, serialMismatch } from './serial-match.ts';

/** The expected output as QEMU's TCG prints it: the CPU's lines swapped for QEMU's. */
export function expectedUnderQemu(k: GuestKernel): string {
  let text = expectedSerial(k.name);
  for (const d of k.qemuTcg ?? []) {
    expect(text, `${k.name}.txt should hold the CPU's line for: ${d.why}`).toContain(d.cpu);
    text = text.replace(d.cpu, d.qemu);
  }
  return text;
}

export async function bootAndCheck(k: GuestKernel, bootArgs: string[]): Promise<void> {
  const log = join(mkdtempSync(join(tmpdir(), 'pagescope-qemu-')), 'int.log');
  const triple = k.end.kind === 'triple-fault';
  const run = await runQemu([...bootArgs, ...(triple ? interruptLog(log) : [])]);
  expect(run.timedOut, `${k.name} did not end in time; serial:\n${run.serial}`).toBe(false);

  const expected = expectedUnderQemu(k);
  const banner = expected.split('\n')[0];
  const serial = fromBanner(run.serial, banner);
  expect(serial, `no "${banner}" in the output:\n${run.serial}\n${run.stderr}`).toBeDefined();
  const mismatch = serialMismatch(expected, serial!);
  expect(mismatch, `${k.name}: ${mismatch}\n--- output ---\n${serial}`).toBeUndefined();

  if (k.end.kind === 'exit') {
    expect(run.status, `${k.name} exit status`).toBe(qemuStatus(k.end.code));
  } else {
    // -no-reboot turns the triple fault's reset into a clean exit.
    expect(run.status, `${k.name} exit status`).toBe(0);
    expect(exceptionChain(log)).toEqual(k.end.chain);
  }
}
