import { hexAddr } from '../hex.ts';
import type { Detector } from './detector.ts';

/** Virtual page 0 mapped: a null-pointer dereference reads or writes memory instead of faulting. */
export const nullPage: Detector = {
  id: 'null-page',
  title: 'the null page (virtual address 0) mapped',
  onSpace(s, ctx) {
    const run = s.runs.find((r) => r.start === 0n);
    if (run === undefined) return;
    ctx.report('null-page', 'null', `${s.cr3}`, {
      severity: 'warning',
      what: `The null page is mapped: virtual 0 translates to physical ${hexAddr(run.physStart)}${run.writable ? ', writable' : ''}.`,
      where: ctx.where(s.at, s.rip, { cr3: s.cr3, va: 0n }),
      why: 'A null-pointer dereference then reads (or overwrites) that memory silently instead of raising #PF at the faulty instruction.',
      fix: 'Leave virtual page 0 unmapped once early boot no longer needs the identity map (or start the identity map at 4 KiB).',
    });
  },
};
