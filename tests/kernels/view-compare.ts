// Compares QEMU's monitor views with pagescope's at the same stop, line by line, after the
// reviewed differences (view-differences.ts) for that kernel have been applied.
import { VIEW_DIFFERENCES } from './view-differences.ts';
import type { ViewName } from './view-differences.ts';
import type { MonitorViews } from './qemu-stop.ts';

export interface ViewComparison {
  /** `view line N: qemu '...' pagescope '...'` for each line no difference explains. */
  mismatches: string[];
  /** Differences listed for this kernel that changed nothing: the list is out of date. */
  unused: string[];
}

const lines = (text: string) => text.split('\n');

export function compareViews(
  kernel: string,
  qemu: MonitorViews,
  pagescope: MonitorViews,
): ViewComparison {
  const out: ViewComparison = { mismatches: [], unused: [] };
  for (const view of ['info mem', 'info registers', 'info tlb'] as const) {
    let p = lines(pagescope[view]);
    let q = lines(qemu[view]);
    for (const d of VIEW_DIFFERENCES) {
      if (d.view !== (view as ViewName) || !d.kernels.includes(kernel)) continue;
      const fixed = d.fix(p, q);
      if (fixed.pagescope.join('\n') === p.join('\n') && fixed.qemu.join('\n') === q.join('\n'))
        out.unused.push(d.id);
      p = fixed.pagescope;
      q = fixed.qemu;
    }
    for (let i = 0; i < Math.max(p.length, q.length); i++)
      if (p[i] !== q[i])
        out.mismatches.push(
          `${view} line ${i + 1}: qemu '${q[i] ?? ''}' pagescope '${p[i] ?? ''}'`,
        );
  }
  return out;
}
