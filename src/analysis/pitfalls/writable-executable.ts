import type { Detector } from './detector.ts';
import { rangesText } from './space-words.ts';

/**
 * Pages both writable and executable (W^X broken): a stray or hostile write becomes code.
 * With EFER.NXE clear every page is executable, so every writable page counts.
 */
export const writableExecutable: Detector = {
  id: 'writable-executable',
  title: 'pages both writable and executable',
  onSpace(s, ctx) {
    const runs = s.runs.filter((r) => r.writable && !r.noExecute);
    if (runs.length === 0) return;
    ctx.report('writable-executable', `${runs[0].start}`, `${s.cr3}`, {
      severity: 'warning',
      what: `Memory is both writable and executable: ${rangesText(runs)}.`,
      where: ctx.where(s.at, s.rip, { cr3: s.cr3, va: runs[0].start }),
      why: s.nxe
        ? 'R/W is set at every level and NX at none: any write into these pages, a bug or an exploit, can plant code that then runs.'
        : 'EFER.NXE is clear, so no page can be non-executable: every writable page is executable too, and a write can plant code that then runs.',
      fix: s.nxe
        ? 'Map code read-only and executable, data writable with NX (bit 63), section by section.'
        : 'Set EFER.NXE and map data with NX (bit 63); keep code read-only.',
    });
  },
};
