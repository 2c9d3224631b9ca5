import { benchAnalysis, formatAnalysisBench } from '../src/analysis/bench-analysis.ts';
import { loopMips } from './cpu-loops.ts';
import { MEMORY_LOOP, REGISTER_LOOP } from './loops.ts';
import { benchRangesTable, formatRangesTableBench } from './ranges-table.ts';
import { formatRefreshCost, refreshCost } from './refresh-cost.ts';
import { formatTreeRefresh, treeRefresh } from './tree-refresh.ts';

/**
 * `npm run bench [-- --json] [-- --quick]`: guest MIPS of the two loop workloads in Node,
 * then the analysis views over a million-PTE address space and the engine's ranges table
 * over it, then what refreshing the panels costs a running guest, and what the page-table
 * tree costs the page at each update.
 * The full run uses 10M and 170M iterations; --quick uses 1M and 17M for a fast look.
 */
const args = process.argv.slice(2);
const json = args.includes('--json');
const quick = args.includes('--quick');
const [small, large] = quick ? [1_000_000, 17_000_000] : [10_000_000, 170_000_000];

const results = [REGISTER_LOOP, MEMORY_LOOP].map((w) => loopMips(w, small, large));
const analysis = benchAnalysis(quick);
const rangesTable = benchRangesTable(quick);
const refresh = refreshCost(quick);
const tree = treeRefresh(quick);

if (json) {
  console.log(
    JSON.stringify({
      node: process.version,
      iterations: [small, large],
      loops: results.map((r) => ({ name: r.name, mips: Number(r.mips.toFixed(1)) })),
      analysis,
      rangesTable,
      refresh,
      tree,
    }),
  );
} else {
  console.log(`pagescope bench (Node ${process.version}, iterations ${small} and ${large})`);
  for (const r of results)
    console.log(
      `${r.name.padEnd(14)} ${r.mips.toFixed(1).padStart(7)} MIPS` +
        `   (${r.large.instructions} instructions in ${r.large.seconds.toFixed(2)} s of CPU time)`,
    );
  console.log('reference: Bochs 2.7 ~55 / ~42, v86 interpreter ~51 / ~40, target 60 / 60');
  console.log('');
  console.log(formatAnalysisBench(analysis));
  console.log(formatRangesTableBench(rangesTable));
  console.log('');
  console.log(formatRefreshCost(refresh));
  console.log('');
  console.log(formatTreeRefresh(tree));
}
