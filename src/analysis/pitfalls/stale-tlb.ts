import { hexAddr } from '../hex.ts';
import type { Detector } from './detector.ts';

/**
 * A TLB entry used after the kernel changed the paging entry behind it without invlpg (or a
 * CR3 reload): the CPU keeps translating as cached, so the access reaches the old frame with
 * the old rights. The core's watch sees it (core/watch/table-watch.ts); this words it.
 */
export const staleTlb: Detector = {
  id: 'stale-tlb',
  title: 'a stale TLB translation used after a PTE was changed without invlpg',
  onEvent(e, ctx) {
    if (e.kind !== 'stale-translation') return;
    const now =
      'phys' in e.current
        ? `the tables now say ${hexAddr(e.current.phys)}`
        : `the tables now fault (${e.current.fault})`;
    const page = e.va & ~0xfffn;
    ctx.report('stale-tlb', `${page}:${e.entryAddress}:${e.writeAt}`, `${e.at}`, {
      severity: 'error',
      what: `A ${e.access} of ${hexAddr(e.va)} used a stale TLB entry: it went to ${hexAddr(e.cachedPhys)}, but ${now}.`,
      where: ctx.where(e.at, e.rip, {
        cr3: (BigInt(ctx.cpu.cr3[1] >>> 0) << 32n) | BigInt(ctx.cpu.cr3[0] >>> 0),
        va: e.va,
        entryAddress: BigInt(e.entryAddress),
      }),
      why: `The paging entry at ${hexAddr(e.entryAddress)} was changed at instruction ${e.writeAt} (RIP ${ctx.named(e.writeRip)}) with no invlpg since: the CPU may go on using the translation it cached, until invlpg, a CR3 load or an eviction; on another run or another CPU the access lands elsewhere.`,
      fix: `After changing a present entry, invlpg the page (${hexAddr(page)}) or reload CR3 (and shoot the TLBs of other CPUs down), before the next access.`,
    });
  },
};
