import { hexAddr } from './hex.ts';
import { sizeText } from './pitfalls/space-words.ts';
import { rightsText } from './rights-text.ts';
import type { DiffMapping, DiffRange } from './space-diff.ts';

const MARK = { added: '+', removed: '-', changed: '~' };

/**
 * A diff as lines, `+` added, `-` removed, `~` changed:
 * `~ 0xffff800000000000-0xffff800000200000 (2 MiB)  rw- kernel -> r-- kernel`.
 */
export function diffText(ranges: DiffRange[]): string {
  if (ranges.length === 0) return 'no differences\n';
  return ranges.map((r) => diffLine(r) + '\n').join('');
}

function diffLine(r: DiffRange): string {
  const head = `${MARK[r.kind]} ${hexAddr(r.start)}-${hexAddr(r.end)} (${sizeText(Number(r.end - r.start))})`;
  if (r.kind !== 'changed') return `${head}  ${side((r.before ?? r.after)!)}`;
  return `${head}  ${side(r.before!)}  ->  ${side(r.after!)}`;
}

function side(m: DiffMapping): string {
  return `${rightsText(m)}${m.global ? ' global' : ''} at ${hexAddr(m.physStart)}`;
}
