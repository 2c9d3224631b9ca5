import type { CpuState } from '../../core/cpu/state.ts';
import { CS, SS, TR } from '../../core/cpu/registers.ts';
import { EFER_LMA } from '../../core/mmu/paging-bits.ts';
import { decodeGate } from '../descriptors/gate.ts';
import type { VirtualReader } from './virtual-reader.ts';

/** Something the CPU reaches through paging without the kernel asking: it must stay mapped. */
export interface Target {
  kind: 'rip' | 'stack' | 'gdt' | 'idt' | 'tss' | 'ist' | 'rsp0' | 'handler';
  /** In words: 'the IDT', 'the IST1 stack', 'the handlers of vectors 0-31'. */
  label: string;
  va: bigint;
  access: 'read' | 'write' | 'fetch';
  cpl: 0 | 3;
  /** kind 'ist': which one. */
  ist?: number;
  /** kind 'handler': the vectors whose handlers start in this page. */
  vectors?: number[];
}

export interface SwitchTargets {
  targets: Target[];
  /** The IST the #DF gate names (0: none, or no #DF gate). */
  dfIst: number;
}

/** 64-bit TSS: RSP0 at 4, IST1 at 0x24 (SDM Vol. 3, figure 8-11). */
const TSS_RSP0 = 4;
const TSS_IST1 = 0x24;

const pair = (lo: number, hi: number) => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
const wrap = (v: bigint) => BigInt.asUintN(64, v);

/**
 * What the CPU will touch through paging with no instruction naming it: the next
 * instruction, the stack, the GDT, IDT and TSS, the IST stacks and RSP0, and the first byte
 * of each present IDT handler. Register values come from the CPU now; the contents of the
 * IDT and TSS are read through `old`, the address space before the switch, where they were
 * reachable (a switch that unmaps them is what this is looking for).
 */
export function switchTargets(c: CpuState, old: VirtualReader, nextRip: bigint): SwitchTargets {
  const long = (c.efer & EFER_LMA) !== 0;
  const m64 = c.mode === 64;
  const cpl = c.cpl === 3 ? 3 : 0;
  const t: Target[] = [];
  const csBase = m64 ? 0n : BigInt(c.segBaseLo[CS] >>> 0);
  t.push({
    kind: 'rip',
    label: 'the next instruction',
    va: wrap(nextRip + csBase),
    access: 'fetch',
    cpl,
  });
  const rsp = m64
    ? wrap(pair(c.gpr[8], c.gpr[9]) - 8n)
    : BigInt(((c.gpr[8] >>> 0) - 4 + (c.segBaseLo[SS] >>> 0)) >>> 0);
  t.push({ kind: 'stack', label: 'the stack (RSP)', va: rsp, access: 'write', cpl });
  pages(t, 'gdt', 'the GDT', pair(c.gdtr[0], c.gdtr[1]), c.gdtr[2]);
  const idtBase = pair(c.idtr[0], c.idtr[1]);
  const gateSize = long ? 16 : 8;
  let dfIst = 0;
  if (c.idtr[2] >= gateSize - 1) {
    pages(t, 'idt', 'the IDT', idtBase, c.idtr[2]);
    dfIst = handlers(t, old, idtBase, Math.min(256, (c.idtr[2] + 1) / gateSize) | 0, gateSize);
  }
  if (long && (c.segSel[TR] & ~3) !== 0 && c.segLimit[TR] >>> 0 >= 0x67) {
    const tss = pair(c.segBaseLo[TR], c.segBaseHi[TR]);
    pages(t, 'tss', 'the TSS', tss, c.segLimit[TR] >>> 0);
    const rsp0 = old.read(tss + BigInt(TSS_RSP0), 8);
    if (rsp0)
      t.push({
        kind: 'rsp0',
        label: 'the interrupt stack from user mode (TSS.RSP0)',
        va: wrap(rsp0 - 8n),
        access: 'write',
        cpl: 0,
      });
    for (let n = 1; n <= 7; n++) {
      const ist = old.read(tss + BigInt(TSS_IST1 + 8 * (n - 1)), 8);
      if (ist)
        t.push({
          kind: 'ist',
          label: `the IST${n} stack`,
          va: wrap(ist - 8n),
          access: 'write',
          cpl: 0,
          ist: n,
        });
    }
  }
  return { targets: t, dfIst };
}

/** One target per page of a table of `limit + 1` bytes. */
function pages(
  t: Target[],
  kind: 'gdt' | 'idt' | 'tss',
  label: string,
  base: bigint,
  limit: number,
) {
  const end = base + BigInt(limit);
  for (let p = base & ~0xfffn; p <= end; p += 0x1000n)
    t.push({ kind, label, va: p < base ? base : p, access: 'read', cpl: 0 });
}

/** Handler targets, one per page of handler entry points; returns the #DF gate's IST. */
function handlers(t: Target[], old: VirtualReader, idt: bigint, count: number, size: 8 | 16) {
  const byPage = new Map<bigint, { va: bigint; vectors: number[] }>();
  let dfIst = 0;
  for (let v = 0; v < count; v++) {
    const raw = old.read(idt + BigInt(v * size), size);
    if (raw === null) continue;
    const g = decodeGate(v, raw, size);
    if (!g.present || (g.kind !== 'interrupt' && g.kind !== 'trap')) continue;
    if (v === 8) dfIst = g.ist;
    const page = g.offset & ~0xfffn;
    const entry = byPage.get(page);
    if (entry) entry.vectors.push(v);
    else byPage.set(page, { va: g.offset, vectors: [v] });
  }
  for (const { va, vectors } of byPage.values())
    t.push({
      kind: 'handler',
      label: `the handler${vectors.length > 1 ? 's' : ''} of ${vectorList(vectors)}`,
      va,
      access: 'fetch',
      cpl: 0,
      vectors,
    });
  return dfIst;
}

/** "vector 14", "vectors 0-31, 64". */
function vectorList(vs: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < vs.length;) {
    let j = i;
    while (j + 1 < vs.length && vs[j + 1] === vs[j] + 1) j++;
    parts.push(j === i ? `${vs[i]}` : `${vs[i]}-${vs[j]}`);
    i = j + 1;
  }
  return `vector${vs.length > 1 ? 's' : ''} ${parts.join(', ')}`;
}
