import { hexAddr } from '../hex.ts';
import type { Finding, Where } from './finding.ts';

/** A finding for people, four lines: what (with severity and detector), where, why, fix. */
export function findingText(f: Finding): string {
  const alike = f.count > 1 ? ` (${f.count} alike)` : '';
  return [
    `${f.severity} [${f.detector}] ${f.what}${alike}`,
    `  where: ${whereText(f.where)}`,
    `  why:   ${f.why}`,
    `  fix:   ${f.fix}`,
  ].join('\n');
}

/** "instruction 29024, RIP 0xffffffff80000036 (kmain+0x36), CR3 0x0, VA ..., entry at ...". */
function whereText(w: Where): string {
  const parts: string[] = [];
  if (w.at !== null) parts.push(`instruction ${w.at}`);
  if (w.rip !== null) parts.push(`RIP ${hexAddr(w.rip)}${w.symbol ? ` (${w.symbol})` : ''}`);
  if (w.cr3 !== undefined) parts.push(`CR3 ${hexAddr(w.cr3)}`);
  if (w.va !== undefined) parts.push(`address ${hexAddr(w.va)}`);
  if (w.entryAddress !== undefined) parts.push(`entry at physical ${hexAddr(w.entryAddress)}`);
  return parts.join(', ');
}
