import type { Cpu } from '../../core/cpu/cpu.ts';
import type { PhysicalMemory } from '../../core/memory/physical-memory.ts';
import type { PagingRegsSnapshot } from '../../core/watch/events.ts';
import { hexAddr } from '../hex.ts';
import type { PagingState } from '../paging-state.ts';
import type { Finding, Where } from './finding.ts';
import type { SymbolNames } from './symbols.ts';

/** A virtual range of the kernel's own image, from the boot plan. */
export interface KernelRange {
  start: bigint;
  end: bigint;
}

type Report = Omit<Finding, 'detector' | 'count'>;

/**
 * What detectors see and where their findings go. `cpu` and `mem` are the live machine: read
 * them, never write them (analysis views and walks with side effects off only).
 * Findings are folded by key: a detector reporting the same kind of problem again (the same
 * key) adds to the first finding's count instead, once for each distinct `instance`.
 */
export class PitfallContext {
  readonly findings: Finding[] = [];
  private readonly byKey = new Map<string, { finding: Finding; seen: Set<string> }>();

  constructor(
    readonly cpu: Cpu,
    readonly mem: PhysicalMemory,
    readonly symbols: SymbolNames,
    readonly kernelRanges: KernelRange[],
  ) {}

  report(detector: string, key: string, instance: string, r: Report): void {
    const k = `${detector}:${key}`;
    const known = this.byKey.get(k);
    if (known !== undefined) {
      known.seen.add(instance);
      known.finding.count = known.seen.size;
      return;
    }
    const finding: Finding = { detector, ...r, count: 1 };
    this.byKey.set(k, { finding, seen: new Set([instance]) });
    this.findings.push(finding);
  }

  /** A Where for an instruction, with its symbol. */
  where(at: number | null, rip: bigint | null, extra: Omit<Where, 'at' | 'rip' | 'symbol'> = {}) {
    const symbol = rip === null ? '' : this.symbols.name(rip);
    return { at, rip, symbol, ...extra };
  }

  /** `0x...` and, when a symbol holds it, ` (name+0x..)`. */
  named(va: bigint): string {
    const s = this.symbols.name(va);
    return s === '' ? hexAddr(va) : `${hexAddr(va)} (${s})`;
  }
}

/** The paging registers an event recorded, as a PagingState the analysis views take. */
export function stateOf(s: PagingRegsSnapshot): PagingState {
  const cr3 = Int32Array.of(Number(s.cr3 & 0xffffffffn), Number(s.cr3 >> 32n));
  return { cr0: s.cr0, cr4: s.cr4, efer: s.efer, pkru: s.pkru, cr3 };
}
