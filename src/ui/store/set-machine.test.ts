import { describe, expect, it } from 'vitest';
import { mediaEchoKernel } from '../../session/media-echo-guest.ts';
import type { AppStore } from './index.ts';
import { testStore, until } from './test-store.ts';

const text = (s: string) => new TextEncoder().encode(s);
const MACHINE = {
  ramSize: 32 << 20,
  cmdline: '',
  modules: [{ name: 'initrd.txt', bytes: text('initrd bytes'), cmdline: 'quiet' }],
  disk: null,
  diskSlave: { name: 'hdb.img', bytes: new Uint8Array(512).fill(0x41) },
};

async function echoKernelOn(store: AppStore) {
  await store.getState().start();
  await until(store, (s) => s.kernelName === 'demo-limine.elf');
  await store.getState().bootImage(mediaEchoKernel(), 'media-echo.elf');
  expect(await store.getState().setMachine(MACHINE)).toBe(true);
  await store.getState().run();
  return until(store, (s) => s.status?.run === 'ended' && s.serial !== '');
}

describe('the machine the page chooses', () => {
  it('boots_the_kernel_with_its_modules_and_disks_and_keeps_them', async () => {
    const a = testStore();
    const s = await echoKernelOn(a);
    expect(s.boot).toMatchObject({
      modules: [{ name: 'initrd.txt', size: 12, cmdline: 'quiet' }],
      disk: null,
      diskSlave: { name: 'hdb.img', size: 512 },
    });
    expect(s.serial).toBe(`initrd.txt quiet=initrd bytes\n${'A'.repeat(512)}`);
    expect(s.machine).toBe(MACHINE);
  });

  it('keeps_the_running_machine_when_the_kernel_cannot_boot_on_the_new_one', async () => {
    const a = testStore();
    await echoKernelOn(a);
    const huge = { name: 'huge.bin', bytes: new Uint8Array(40 << 20), cmdline: '' };
    expect(await a.getState().setMachine({ ...MACHINE, modules: [huge] })).toBe(false);
    const s = a.getState();
    expect(s.bootFailure).toMatchObject({ code: 'BOOT_SEGMENT_OUTSIDE_RAM' });
    expect(s.machine).toBe(MACHINE);
    expect(s.boot?.modules).toEqual([{ name: 'initrd.txt', size: 12, cmdline: 'quiet' }]);
  });

  it('comes_with_a_shared_link_files_included', async () => {
    const a = testStore();
    await echoKernelOn(a);
    const service = { baseUrl: 'http://pagescope.test/' };
    const url = await a.getState().createShareLink('http://pagescope.test/', service);
    // Every file is small enough to travel inside the link: nothing is uploaded.
    expect(a.getState().share).toMatchObject({ kind: 'done', uploaded: 0 });

    const b = testStore();
    await b.getState().start();
    await b.getState().openSharedLink(url!, service);
    const s = await until(b, (x) => x.kernelName === 'media-echo.elf');
    expect(s.boot).toMatchObject({ modules: [{ name: 'initrd.txt' }], diskSlave: { size: 512 } });
    expect(s.machine).toEqual(MACHINE);
    // Reset boots the shared machine again.
    await b.getState().reset();
    expect(b.getState().boot?.diskSlave).toEqual({ name: 'hdb.img', size: 512 });
  });
});
