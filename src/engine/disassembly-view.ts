import type { ElfSymbol } from '../boot/index.ts';
import type { Cpu } from '../core/cpu/cpu.ts';
import { CS } from '../core/cpu/registers.ts';
import type { PhysicalMemory } from '../core/memory/physical-memory.ts';
import { translate } from '../analysis/index.ts';
import { disassemble } from '../analysis/disassemble/disassemble.ts';
import type { DisassembledLine } from '../analysis/disassemble/disassemble.ts';
import { SymbolNames } from '../analysis/pitfalls/symbols.ts';
import { parseAddress } from './address-input.ts';
import { hex64, pairBig } from './format.ts';
import type { DisassemblyLineView, DisassemblyQuery, DisassemblyView } from './inspector-views.ts';

/** Instructions shown before RIP when following it. */
const BEFORE_RIP = 6;
/** How far back from RIP a listing may start at the function's symbol. */
const MAX_LEAD = 1024n;
const MAX_LINES = 400;

const namers = new WeakMap<readonly ElfSymbol[], SymbolNames>();

/** One symbol index per boot's symbol list (sorting thousands of symbols ten times a second adds up). */
function symbolNames(symbols: readonly ElfSymbol[]): SymbolNames {
  let n = namers.get(symbols);
  if (!n) namers.set(symbols, (n = new SymbolNames(symbols)));
  return n;
}

/**
 * Reads bytes by linear address a page at a time: each page is translated once (a supervisor
 * read, side effects off) and copied from RAM; reading stops at a page that does not
 * translate or is not RAM.
 */
function pageReader(cpu: Cpu, mem: PhysicalMemory) {
  const pages = new Map<bigint, number>();
  const ramOffsetOf = (page: bigint) => {
    let p = pages.get(page);
    if (p === undefined) {
      const t = translate(cpu, mem, page, { access: 'read', cpl: 0 });
      // The RAM buffer offset of the page: RAM pieces are whole pages, so the page is in one.
      p = t.ok ? mem.offsetOf(Number(t.physical)) : -1;
      pages.set(page, p);
    }
    return p;
  };
  return (a: bigint, n: number): Uint8Array => {
    const out = new Uint8Array(n);
    let got = 0;
    while (got < n) {
      const at = BigInt.asUintN(64, a + BigInt(got));
      const page = ramOffsetOf(at & ~0xfffn);
      if (page < 0) break;
      const off = Number(at & 0xfffn);
      const take = Math.min(n - got, 4096 - off);
      out.set(mem.ram.subarray(page + off, page + off + take), got);
      got += take;
    }
    return out.subarray(0, got);
  };
}

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
  const names = symbolNames(symbols);
  const read = pageReader(cpu, mem);
  const why = (a: bigint) => {
    const t = translate(cpu, mem, a, { access: 'fetch', cpl: 0 });
    return t.ok
      ? `${hex64(a)} is not in RAM`
      : (t.fault?.reason ?? `${hex64(a)} does not translate`);
  };
  const name = (a: bigint) => names.name(a);
  const list = (from: bigint, n: number, stopAt?: bigint) =>
    disassemble(read, from, n, mode, name, why, stopAt);

  if (query.address !== null) {
    const parsed = parseAddress(query.address, symbols);
    if (!parsed.ok) return { ...view, inputError: parsed.error, lines: [] };
    return { ...view, lines: list(parsed.va, count).map((l) => lineView(l, rip)) };
  }
  let lines = list(rip, count);
  const start = functionStart(symbols, rip);
  if (start !== null && start < rip) {
    const lead = list(start, Number(rip - start), rip);
    const last = lead[lead.length - 1];
    // Only a decode that lands exactly on RIP shows what comes before it.
    if (last && !last.unreadable && last.address + BigInt(last.bytes.length) === rip) {
      const before = lead.slice(-BEFORE_RIP);
      lines = [...before, ...lines].slice(0, Math.max(count, before.length + 1));
    }
  }
  return { ...view, lines: lines.map((l) => lineView(l, rip)) };
}
