import type { ElfSymbol } from '../boot/index.ts';
import type { Cpu } from '../core/cpu/cpu.ts';
import { CS } from '../core/cpu/registers.ts';
import type { PhysicalMemory } from '../core/memory/physical-memory.ts';
import { translate } from '../analysis/index.ts';
import { disassemble } from '../analysis/disassemble/disassemble.ts';
import type { DisassembledLine } from '../analysis/disassemble/disassemble.ts';
import { VirtualReader } from '../analysis/pitfalls/virtual-reader.ts';
import { SymbolNames } from '../analysis/pitfalls/symbols.ts';
import { parseAddress } from './address-input.ts';
import { hex64, pairBig } from './format.ts';
import type { DisassemblyLineView, DisassemblyQuery, DisassemblyView } from './inspector-views.ts';

/** Instructions shown before RIP when following it. */
const BEFORE_RIP = 6;
/** How far back from RIP a listing may start at the function's symbol. */
const MAX_LEAD = 1024n;
const MAX_LINES = 400;

/** The start of the function holding `va`, if one starts at most MAX_LEAD before it. */
function functionStart(symbols: readonly ElfSymbol[], va: bigint): bigint | null {
  let best: bigint | null = null;
  for (const s of symbols)
    if (
      s.type === 'func' &&
      s.value <= va &&
      va - s.value <= MAX_LEAD &&
      (best === null || s.value > best)
    )
      best = s.value;
  return best;
}

function lineView(l: DisassembledLine, rip: bigint): DisassemblyLineView {
  return {
    address: hex64(l.address),
    bytes: [...l.bytes].map((b) => b.toString(16).padStart(2, '0')).join(' '),
    mnemonic: l.mnemonic,
    operands: l.operands,
    comment: l.comment,
    target: l.target === null ? null : hex64(l.target),
    label: l.label,
    current: l.address === rip && !l.unreadable,
    unreadable: l.unreadable,
  };
}

/**
 * Instructions at an address, or around RIP, decoded by the CPU's own decoder in the CPU's
 * current mode and formatted in Intel syntax (src/analysis/disassemble). Bytes are read
 * through the live page tables with side effects off. Around RIP, the listing starts at the
 * function RIP is in when that decodes onto RIP (x86 cannot be decoded backwards), so a few
 * instructions before it show.
 */
export function disassemblyView(
  cpu: Cpu,
  mem: PhysicalMemory,
  symbols: readonly ElfSymbol[],
  query: DisassemblyQuery,
): DisassemblyView {
  const mode = cpu.mode;
  // The listing is of linear addresses: outside 64-bit mode CS.base is added to RIP.
  const base = mode === 64 ? 0n : BigInt(cpu.segBaseLo[CS] >>> 0);
  const rip = BigInt.asUintN(64, pairBig(cpu.rip[0], cpu.rip[1]) + base);
  const count = Math.max(1, Math.min(MAX_LINES, Math.floor(query.count)));
  const view = { query, mode, rip: hex64(rip) };
  const names = new SymbolNames(symbols);
  const reader = new VirtualReader(cpu, mem);
  const read = (a: bigint, n: number) => {
    const out: number[] = [];
    for (let k = 0; k < n; k++) {
      const b = reader.read(BigInt.asUintN(64, a + BigInt(k)), 1);
      if (b === null) break;
      out.push(Number(b));
    }
    return new Uint8Array(out);
  };
  const why = (a: bigint) => {
    const t = translate(cpu, mem, a, { access: 'fetch', cpl: 0 });
    return t.ok
      ? `${hex64(a)} is not in RAM`
      : (t.fault?.reason ?? `${hex64(a)} does not translate`);
  };
  const name = (a: bigint) => names.name(a);
  const list = (from: bigint, n: number) => disassemble(read, from, n, mode, name, why);

  if (query.address !== null) {
    const parsed = parseAddress(query.address, symbols);
    if (!parsed.ok) return { ...view, inputError: parsed.error, lines: [] };
    return { ...view, lines: list(parsed.va, count).map((l) => lineView(l, rip)) };
  }
  let lines = list(rip, count);
  const start = functionStart(symbols, rip);
  if (start !== null && start < rip) {
    const lead = list(start, Number(rip - start));
    const at = lead.findIndex((l) => l.address === rip);
    if (at >= 0) {
      const before = lead.slice(Math.max(0, at - BEFORE_RIP), at);
      lines = [...before, ...lines].slice(0, Math.max(count, before.length + 1));
    }
  }
  return { ...view, lines: lines.map((l) => lineView(l, rip)) };
}
