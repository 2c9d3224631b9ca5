import { MAXPHYADDR } from '../../core/mmu/paging-bits.ts';
import type { Translation } from '../translate.ts';
import { entryName } from '../translate-words.ts';

/**
 * Why a translation failed, in one short clause for findings: translate.ts's reason, with a
 * run of address bits above MAXPHYADDR said once ("bits 40-51") instead of bit by bit.
 */
export function walkReason(tr: Translation): string {
  const f = tr.fault;
  if (f === undefined) return '';
  const step = tr.steps[tr.steps.length - 1];
  const bits = step?.entry.reservedBits ?? [];
  if (f.kind !== 'reserved' || !bits.every((b) => b >= MAXPHYADDR && b <= 51)) return f.reason;
  return `${entryName(step)} has address bits ${bitRuns(bits)} set, above MAXPHYADDR ${MAXPHYADDR} (reserved)`;
}

/** [40, 41, 42, 45] -> "40-42, 45". */
export function bitRuns(bits: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < bits.length;) {
    let j = i;
    while (j + 1 < bits.length && bits[j + 1] === bits[j] + 1) j++;
    parts.push(j === i ? `${bits[i]}` : `${bits[i]}-${bits[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}
