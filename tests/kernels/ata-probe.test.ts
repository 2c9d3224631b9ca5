// How both ATA channels answer at every drive position, under QEMU (PIIX IDE, QEMU -kernel)
// and in pagescope: kernels/ata-probe prints registers, interrupts and data reads around
// IDENTIFY, READ SECTORS, EXECUTE DEVICE DIAGNOSTIC and software resets, with disks in the
// positions each case names. The output must be the same, line for line.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BootMachineOptions } from '../../src/engine/boot-machine.ts';
import { runCommand } from '../../src/cli/run-command.ts';
import { makeKernels } from './make.ts';
import { runInPagescope } from './pagescope-run.ts';
import { runQemu } from './qemu.ts';
import { fromBanner } from './serial-match.ts';
import { ensureKernelTestTools } from './system-deps.ts';

const BANNER = 'ata-probe: both ATA channels, every drive position';

/** 64 sectors, each byte telling its sector and offset apart. */
const DISK = new Uint8Array(64 * 512).map((_, i) => ((i >> 9) * 13 + i) & 0xff);

/** Where the disk goes: QEMU's -drive index and pagescope's option. */
const CASES: { name: string; index?: number; ours: BootMachineOptions }[] = [
  { name: 'no disk: both channels empty', ours: {} },
  { name: 'a disk on the primary master', index: 0, ours: { disk: DISK } },
  { name: 'a disk on the primary slave alone', index: 1, ours: { diskSlave: DISK } },
  { name: 'a disk on the secondary master', index: 2, ours: { diskSecondary: DISK } },
];

/** QEMU's serial output from the probe's banner on, and its exit status. */
async function underQemu(kernel: string, drive: string[]) {
  const qemu = await runQemu(['-kernel', kernel, ...drive], 60_000);
  expect(qemu.timedOut, qemu.serial).toBe(false);
  const serial = fromBanner(qemu.serial, BANNER);
  expect(serial, `no banner in QEMU's output:\n${qemu.serial}${qemu.stderr}`).toBeDefined();
  // The probe is not idle: the comparison is meaningful only if some position answered.
  expect(serial).toContain('irq 1');
  return { serial: serial!, status: qemu.status };
}

const driveArgs = (file: string, index: number) => [
  '-drive',
  `file=${file},format=raw,if=ide,index=${index},snapshot=on`,
];

describe('ata-probe: the ATA channels under QEMU and in pagescope', () => {
  let built = '';
  let dir = '';
  let diskFile = '';
  beforeAll(() => {
    ensureKernelTestTools();
    built = makeKernels(['ata-probe.elf']);
    dir = mkdtempSync(join(tmpdir(), 'pagescope-ata-'));
    diskFile = join(dir, 'disk.img');
    writeFileSync(diskFile, DISK);
  }, 120_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(built, { recursive: true, force: true });
  });

  for (const c of CASES) {
    it(`prints the same with ${c.name}`, async () => {
      const kernel = join(built, 'ata-probe.elf');
      const drive = c.index === undefined ? [] : driveArgs(diskFile, c.index);
      const qemu = await underQemu(kernel, drive);
      const ours = runInPagescope(readFileSync(kernel), { imageName: 'ata-probe.elf', ...c.ours });
      expect(ours.result.event).toEqual({ kind: 'exit', status: qemu.status });
      expect(ours.serial).toBe(qemu.serial);
    }, 90_000);
  }

  it('prints the same from pagescope run --disk-secondary as QEMU with -drive index=2', async () => {
    const kernel = join(built, 'ata-probe.elf');
    const qemu = await underQemu(kernel, driveArgs(diskFile, 2));
    let out = '';
    const status = runCommand(
      [kernel, '--disk-secondary', diskFile],
      (s) => (out += s),
      () => {},
    );
    expect(status).toBe(qemu.status);
    expect(out).toBe(qemu.serial);
  }, 90_000);
});
