// Every kernel QEMU boots, stopped in QEMU and in pagescope at the same instruction (the first
// time RIP reaches a symbol of the image), and QEMU's `info mem`, `info tlb` and
// `info registers` compared line by line with pagescope's. `info mem` must match exactly; the
// other two after the reviewed differences of view-differences.ts, each of which must still
// be seen. QEMU stops through its gdb stub (gdb-remote.ts) on a unix socket.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseElf } from '../../src/boot/elf.ts';
import { KERNELS } from './catalog.ts';
import type { GuestKernel } from './catalog.ts';
import { pagescopeViewsAt } from './pagescope-stop.ts';
import { PUBLIC_KERNELS } from './paths.ts';
import { QemuBootMedia } from './qemu-media.ts';
import { qemuViewsAt } from './qemu-stop.ts';
import { compareViews } from './view-compare.ts';

const VIEWS = ['info registers', 'info mem', 'info tlb'];

/**
 * Where to stop: the exit port's writer for kernels that get there; kmain (kmain32) for those
 * that triple fault at their own CR3 switch, where the state is still the loader's.
 */
function stopSymbol(k: GuestKernel): string {
  if (k.end.kind === 'exit') return 'qemu_exit';
  return k.protocol === 'multiboot1' ? 'kmain32' : 'kmain';
}

const kernels = KERNELS.filter((k) => k.protocol !== 'iso');

describe('QEMU and pagescope stopped at the same instruction show the same views', () => {
  const media = new QemuBootMedia();
  beforeAll(() => media.prepare(), 60_000);
  afterAll(() => media.dispose());

  it.each(kernels.map((k) => [k.name, stopSymbol(k), k] as const))(
    '%s at %s',
    async (_name, symbol, k) => {
      const image = join(PUBLIC_KERNELS, k.image);
      const bytes = readFileSync(image);
      const at = parseElf(bytes).symbols.find((s) => s.name === symbol)?.value;
      expect(at, `${k.image} has no symbol ${symbol}`).toBeDefined();
      const qemu = await qemuViewsAt(media.args(k), at!, VIEWS);
      const ours = pagescopeViewsAt(bytes, k.image, at!);
      const rip = new RegExp(`(RIP=0*|EIP=0*)${at!.toString(16)} `);
      expect(qemu['info registers']).toMatch(rip);
      expect(ours['info registers']).toMatch(rip);
      const result = compareViews(k.name, qemu, ours);
      expect(result.mismatches).toEqual([]);
      expect(result.unused, 'differences listed for this kernel that it no longer shows').toEqual(
        [],
      );
    },
    30_000,
  );
});
