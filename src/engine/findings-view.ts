import type { Finding } from '../analysis/pitfalls/index.ts';
import { hex64, hexShort } from './format.ts';
import type { FindingView } from './views.ts';

/** A finding as plain data: every address as hex text, nothing the UI must compute. */
export function findingView(f: Finding): FindingView {
  const w = f.where;
  return {
    detector: f.detector,
    severity: f.severity,
    what: f.what,
    at: w.at,
    rip: w.rip === null ? null : hex64(w.rip),
    symbol: w.symbol,
    cr3: w.cr3 === undefined ? null : hexShort(w.cr3),
    va: w.va === undefined ? null : hex64(w.va),
    entryAddress: w.entryAddress === undefined ? null : hexShort(w.entryAddress),
    why: f.why,
    fix: f.fix,
    count: f.count,
  };
}
