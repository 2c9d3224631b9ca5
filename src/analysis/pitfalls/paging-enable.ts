import { CS } from '../../core/cpu/registers.ts';
import { CR0_PG } from '../../core/mmu/paging-bits.ts';
import { translate } from '../translate.ts';
import type { Detector } from './detector.ts';
import { walkReason } from './walk-reason.ts';

/**
 * Turning paging on (CR0.PG 0 -> 1): the instruction after the mov to CR0 is fetched through
 * the new tables at the same linear address as before, so the code doing it must be mapped
 * there, normally by an identity map. Checked before that fetch happens.
 */
export const pagingEnable: Detector = {
  id: 'paging-enable',
  title: 'paging turned on by code the new tables do not map (no identity map)',
  onEvent(e, ctx) {
    if (e.kind !== 'control' || e.nextRip === null) return;
    if ((e.before.cr0 & CR0_PG) !== 0 || (e.after.cr0 & CR0_PG) === 0) return;
    const c = ctx.cpu;
    const va = BigInt.asUintN(64, e.nextRip + (c.mode === 64 ? 0n : BigInt(c.segBaseLo[CS] >>> 0)));
    const tr = translate(c, ctx.mem, va, { access: 'fetch', cpl: c.cpl === 3 ? 3 : 0 });
    if (tr.ok) return;
    ctx.report('paging-enable', `${e.after.cr3}:${va}`, `${e.at}`, {
      severity: 'error',
      what: `Paging is turned on by code the new tables do not map: the next instruction, at ${ctx.named(va)}, has no translation.`,
      where: ctx.where(e.at, e.rip, { cr3: e.after.cr3, va }),
      why: `Once CR0.PG is set the very next fetch goes through the tables at CR3 (${walkReason(tr)}): #PF, which the CPU delivers only if the IDT, the GDT and the handler are mapped too; so early they seldom are, and it triple faults.`,
      fix: `Identity-map the code that turns paging on (at least the page holding ${ctx.named(va)}), jump to the higher half, then remove the identity map.`,
    });
  },
};
