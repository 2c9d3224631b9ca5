import type { ElfSymbol } from '../boot/index.ts';
import type { PhysicalMemory } from '../core/memory/physical-memory.ts';
import { translate } from '../analysis/index.ts';
import type { PagingState } from '../analysis/index.ts';
import { parseAddress } from './address-input.ts';
import { hex64, hexShort } from './format.ts';
import type { MemoryQuery, MemorySpan, MemoryView } from './inspector-views.ts';

/** The most bytes one memory view reads: the panel asks for what it shows, a screenful. */
export const MAX_MEMORY_VIEW = 64 << 10;

const PAGE = 4096n;

/** Physical bytes [phys, phys + length) if all are RAM, else why not. */
function ramSpan(mem: PhysicalMemory, phys: bigint, length: number): string {
  const first = Number(phys);
  const at = mem.offsetOf(first);
  if (at >= 0 && mem.offsetOf(first + length - 1) === at + length - 1) return '';
  return at < 0
    ? `${hexShort(phys)} is not RAM (past the end of RAM, or a device: not read, as reading a device can change it)`
    : `RAM ends at ${hexShort(first < mem.low ? mem.low : mem.end)}`;
}

/**
 * Guest memory for the memory panel: by virtual address through the live page tables (a
 * supervisor read, walked with side effects off), or by physical address. Each page that does
 * not translate, and anything outside RAM, is a span that says why instead of bytes: analysis
 * never reads a device, since a device read can change it.
 */
export function memoryView(
  state: PagingState,
  mem: PhysicalMemory,
  symbols: readonly ElfSymbol[],
  query: MemoryQuery,
): MemoryView {
  const parsed = parseAddress(query.address, query.space === 'virtual' ? symbols : []);
  if (!parsed.ok)
    return { query, inputError: parsed.error, start: '', bytes: new Uint8Array(0), spans: [] };
  const length = Math.max(16, Math.min(MAX_MEMORY_VIEW, Math.floor(query.length / 16) * 16));
  const start = parsed.va & ~15n;
  const bytes = new Uint8Array(length);
  const spans: MemorySpan[] = [];
  const ram = mem.ram;
  for (let off = 0; off < length;) {
    const at = BigInt.asUintN(64, start + BigInt(off));
    const n = Math.min(length - off, Number(PAGE - (at % PAGE)));
    let phys = at;
    let why = '';
    if (query.space === 'virtual') {
      const t = translate(state, mem, at, { access: 'read', cpl: 0 });
      if (t.ok) phys = t.physical!;
      else why = t.fault?.reason ?? 'the address does not translate';
    }
    if (!why) why = ramSpan(mem, phys, n);
    const from = mem.offsetOf(Number(phys));
    if (!why) bytes.set(ram.subarray(from, from + n), off);
    const readable = why === '';
    const last = spans[spans.length - 1];
    // Neighbouring pages that read the same way, contiguously, are one span.
    if (
      last &&
      last.readable === readable &&
      last.why === why &&
      (!readable || query.space === 'physical')
    )
      last.length += n;
    else
      spans.push({
        offset: off,
        length: n,
        readable,
        physical: readable && query.space === 'virtual' ? hexShort(phys) : null,
        why,
      });
    off += n;
  }
  return { query, start: query.space === 'virtual' ? hex64(start) : hexShort(start), bytes, spans };
}
