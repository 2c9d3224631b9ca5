// The VBE information a kernel gets from GRUB 2 under QEMU (std VGA, -vga std) and from
// pagescope with its framebuffer, printed by kernels/vbe-probe field by field: the same
// output through GRUB's `multiboot` and `multiboot2` commands, but for the lines listed below
// (docs/qemu-differences.md says why for each).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grubRescueIso } from './grub.ts';
import { makeKernels } from './make.ts';
import { runInPagescope } from './pagescope-run.ts';
import { runQemu } from './qemu.ts';
import { fromBanner } from './serial-match.ts';
import { ensureKernelTestTools } from './system-deps.ts';

const BANNER = 'vbe-probe: the VBE information of a 1024x768x32 framebuffer';

/** A QEMU line (a pattern when its values are GRUB's leftovers) and pagescope's instead. */
interface Departure {
  qemu: RegExp;
  ours: string;
  why: string;
}

const POINTER_BYTES: Departure[] = [
  {
    qemu: /^control \+000: 56 45 53 41 00 03 30 5a 00 c0 01 00 00 00 22 80$/,
    ours: 'control +000: 56 45 53 41 00 03 30 5a 00 c0 01 00 00 00 72 5a',
    why: 'the mode list pointer (its offset half)',
  },
  {
    qemu: /^control \+010: 00 60 00 01 00 00 44 5a 00 c0 57 5a 00 c0 6b 5a$/,
    ours: 'control +010: 00 c0 00 01 00 00 44 5a 00 c0 57 5a 00 c0 6b 5a',
    why: 'the mode list pointer (its segment half)',
  },
];

const MODE_LIST: Departure[] = [
  {
    qemu: /^control: mode list at 6000:8022$/,
    ours: 'control: mode list at c000:5a72',
    why: "GRUB's pointer still aims at its scratch buffer; pagescope's at a list in the VGA ROM",
  },
  {
    qemu: /^mode list at the pointer: 0808 0800 0218 0000 fd00 /,
    ours: `mode list at the pointer: ${modeList()}`,
    why: 'GRUB later reads the mode information into the scratch buffer, over the list',
  },
  {
    qemu: /^vbe: protected-mode interface [0-9a-f]{4}:[0-9a-f]{4}, \d+ bytes$/,
    ours: 'vbe: protected-mode interface 0000:0000, 0 bytes',
    why: 'SeaVGABIOS fails 4F0Ah and GRUB passes the registers it had anyway',
  },
  ...POINTER_BYTES,
];

const MB1: Departure[] = [
  {
    qemu: /^multiboot1: info at 0x10000, control info at 0x10268, mode info at 0x10468$/,
    ours: 'multiboot1: info at 0x9500, control info at 0x9700, mode info at 0x9900',
    why: "pagescope's information page is QEMU -kernel's (0x9000), the VBE blocks in it",
  },
  ...MODE_LIST,
];

const MB2: Departure[] = [
  {
    qemu: /^multiboot2: tags 21 1 2 10 6 9 4 5 7 8 14 0$/,
    ours: 'multiboot2: tags 21 1 2 6 9 4 5 7 8 15 0',
    why: "no APM tag (10); pagescope's RSDP is revision 2, SeaBIOS's revision 0",
  },
  ...MODE_LIST,
];

/** The mode list SeaVGABIOS builds for std VGA, as the probe prints it. */
function modeList(): string {
  const ranges = [
    [0x100, 0x107],
    [0x10d, 0x11f],
    [0x140, 0x14c],
    [0x175, 0x199],
    [0x00, 0x07],
    [0x0d, 0x13],
    [0x6a, 0x6a],
  ];
  const modes = ranges.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i));
  return [...modes, 0xffff].map((m) => m.toString(16).padStart(4, '0')).join(' ');
}

/** QEMU's output with each departure's line replaced by pagescope's; every one must apply. */
function withDepartures(qemu: string, departures: Departure[]): string {
  const used = new Set<Departure>();
  const lines = qemu.split('\n').map((line) => {
    const d = departures.find((x) => x.qemu.test(line));
    if (!d) return line;
    used.add(d);
    return d.ours;
  });
  const unused = departures.filter((d) => !used.has(d)).map((d) => d.why);
  expect(unused, 'departures no QEMU line matched').toEqual([]);
  return lines.join('\n');
}

describe('vbe-probe: VBE information under GRUB 2.06 in QEMU and in pagescope', () => {
  let dir = '';
  let built = '';
  const isos: Record<string, string> = {};
  beforeAll(() => {
    ensureKernelTestTools();
    built = makeKernels(['vbe-probe.elf']);
    dir = mkdtempSync(join(tmpdir(), 'pagescope-vbe-'));
    for (const command of ['multiboot', 'multiboot2']) {
      const cfg = join(dir, `${command}.cfg`);
      writeFileSync(
        cfg,
        `set timeout=0\nmenuentry "vbe-probe" {\n\t${command} /boot/kernel.elf\n\tboot\n}\n`,
      );
      isos[command] = grubRescueIso(cfg, join(built, 'vbe-probe.elf'));
    }
  }, 120_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(built, { recursive: true, force: true });
  });

  for (const [command, departures] of [
    ['multiboot', MB1],
    ['multiboot2', MB2],
  ] as const) {
    it(`prints the same through GRUB's ${command} command`, async () => {
      const qemu = await runQemu(['-vga', 'std', '-cdrom', isos[command]], 60_000);
      expect(qemu.timedOut, qemu.serial).toBe(false);
      const qemuText = fromBanner(qemu.serial, BANNER);
      expect(qemuText, `no banner in QEMU's output:\n${qemu.serial}${qemu.stderr}`).toBeDefined();

      const ours = runInPagescope(readFileSync(isos[command]), {
        imageName: 'grub.iso',
        framebuffer: true,
      });
      expect(ours.result.event).toEqual({ kind: 'exit', status: qemu.status });
      expect(ours.serial).toBe(withDepartures(qemuText!, departures));
    }, 90_000);
  }
});
