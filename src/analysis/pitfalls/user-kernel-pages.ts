import type { Detector } from './detector.ts';
import { rangesText, UPPER_HALF } from './space-words.ts';

/**
 * Kernel memory user code can reach: pages with U/S set at every level in the upper half,
 * or over the kernel image the boot plan names. Nothing faults; a user program can read
 * (and, if writable, change) the kernel.
 */
export const userKernelPages: Detector = {
  id: 'user-kernel-pages',
  title: 'kernel pages user-accessible (U/S set at every level)',
  onSpace(s, ctx) {
    const kernel = (start: bigint, end: bigint) =>
      start >= UPPER_HALF || ctx.kernelRanges.some((k) => start < k.end && k.start < end);
    const runs = s.runs.filter((r) => r.user && kernel(r.start, r.end));
    if (runs.length === 0) return;
    ctx.report('user-kernel-pages', `${runs[0].start}`, `${s.cr3}`, {
      severity: 'warning',
      what: `Kernel memory is user-accessible: ${rangesText(runs)}.`,
      where: ctx.where(s.at, s.rip, { cr3: s.cr3, va: runs[0].start }),
      why: 'U/S is set at every level of these pages, so code at CPL 3 can read them (and write those that are writable): the kernel, its data and its secrets are open to any user program.',
      fix: 'Leave U/S clear in the entries that map kernel memory (at least at one level: the PML4 entries of the upper half).',
    });
  },
};
