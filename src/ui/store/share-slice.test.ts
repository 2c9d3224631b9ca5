import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildElf } from '../../boot/test-helpers/elf-builder.ts';
import { concat, mb1Header } from '../../boot/test-helpers/headers.ts';
import { makeDist, startServer } from '../../server/test-server.ts';
import type { Running } from '../../server/test-server.ts';
import { noiseBytes } from '../../share/test-helpers.ts';
import { testStore, until } from './test-store.ts';

/** A spinning kernel carrying 100 KB that does not compress: too large to go in a link. */
function largeKernel(): Uint8Array {
  const header = mb1Header(0);
  return buildElf({
    class: 32,
    machine: 3,
    entry: 0x100000 + header.length,
    segments: [
      { vaddr: 0x100000, data: concat(header, new Uint8Array([0xeb, 0xfe])) },
      { vaddr: 0x200000, data: noiseBytes(100_000, 7) },
    ],
  });
}

let running: Running;
beforeAll(async () => {
  running = await startServer(await makeDist(), { limits: { maxObjectBytes: 1 << 20 } });
});
afterAll(() => running.close());

const PAGE = 'http://pagescope.test/';

describe('share slice', () => {
  it('uploads_a_large_image_and_opens_the_link_from_the_service_at_the_same_instruction', async () => {
    const service = { baseUrl: `http://127.0.0.1:${running.port}/` };
    const a = testStore();
    await a.getState().start();
    await until(a, (s) => s.kernelName === 'demo-limine.elf');
    await a.getState().bootImage(largeKernel(), 'large.elf');
    await a.getState().pause();
    await a.getState().step(12_345);
    a.getState().setQuery({ address: '0x100000', access: 'fetch' });
    a.getState().addBreakpoint({ kind: 'address', address: '0x100002' });
    a.getState().addBreakpoint({ kind: 'cr3-write' });
    a.getState().toggleBreakpoint(a.getState().breakpoints[1].id);
    const at = (await until(a, (s) => s.status?.run === 'paused')).status!.guestTime;

    const url = await a.getState().createShareLink(PAGE, service);
    expect(a.getState().share).toMatchObject({ kind: 'done', uploaded: 1 });
    expect(url).toMatch(/^http:\/\/pagescope\.test\/#ps2\./);

    const b = testStore();
    await b.getState().start();
    await b.getState().openSharedLink(url!, service);
    const s = await until(b, (x) => x.kernelName === 'large.elf' && x.views !== null);
    expect(s.shareOpenError).toBeNull();
    expect(s.status!.guestTime).toBe(at);
    expect(s.query).toMatchObject({ address: '0x100000', access: 'fetch' });
    expect(s.breakpoints.map(({ id: _, ...b }) => b)).toEqual([
      { kind: 'address', address: '0x100002', enabled: true },
      { kind: 'cr3-write', enabled: false },
    ]);
  });

  it('says_so_when_the_share_service_cannot_be_reached', async () => {
    const a = testStore();
    await a.getState().start();
    await until(a, (s) => s.kernelName === 'demo-limine.elf');
    await a.getState().bootImage(largeKernel(), 'large.elf');
    const url = await a.getState().createShareLink(PAGE, { baseUrl: 'http://127.0.0.1:9/' });
    expect(url).toBeNull();
    expect(a.getState().share).toMatchObject({
      kind: 'failed',
      error: { code: 'SHARE_SERVICE_UNAVAILABLE' },
    });
  });

  it('shows_a_damaged_link_error_and_keeps_the_demo', async () => {
    const b = testStore();
    await b.getState().start();
    await b.getState().openSharedLink(`${PAGE}#ps1.Zm9v`, { baseUrl: PAGE });
    const s = await until(b, (x) => x.kernelName !== null && x.shareOpenError !== null);
    expect(s.shareOpenError!.code).toMatch(/^SHARE_/);
    expect(s.kernelName).toBe('demo-limine.elf');
  });
});
