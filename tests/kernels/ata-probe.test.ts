// How both ATA channels answer at every drive position, under QEMU (PIIX IDE, QEMU -kernel)
// and in pagescope: kernels/ata-probe prints registers, interrupts and data reads around
// IDENTIFY, READ SECTORS, EXECUTE DEVICE DIAGNOSTIC and software resets, with disks in the
// positions each case names. The output must be the same, line for line.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BootMachineOptions } from '../../src/engine/boot-machine.ts';
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
      const drive =
        c.index === undefined
          ? []
          : ['-drive', `file=${diskFile},format=raw,if=ide,index=${c.index},snapshot=on`];
      const qemu = await runQemu(['-kernel', kernel, ...drive], 60_000);
      expect(qemu.timedOut, qemu.serial).toBe(false);
      const expected = fromBanner(qemu.serial, BANNER);
      expect(expected, `no banner in QEMU's output:\n${qemu.serial}${qemu.stderr}`).toBeDefined();
      // The probe is not idle: the comparison is meaningful only if some position answered.
      expect(expected).toContain('irq 1');

      const ours = runInPagescope(readFileSync(kernel), { imageName: 'ata-probe.elf', ...c.ours });
      expect(ours.result.event).toEqual({ kind: 'exit', status: qemu.status });
      expect(ours.serial).toBe(expected);
    }, 90_000);
  }
});
