import { hexAddr } from '../hex.ts';
import type { DescriptorTables } from './descriptor-tables.ts';
import type { IdtEntry } from './idt.ts';
import type { DescriptorTable } from './segment-table.ts';
import type { SegmentDescriptor } from './segment-descriptor.ts';
import type { TssView } from './tss.ts';

const rawHex = (v: bigint, bytes: number) => v.toString(16).padStart(bytes * 2, '0');

/**
 * The descriptor tables as text: each table's base and limit, then one line an entry (null
 * slots and absent gates left out, counted), each problem under what it is about, marked `!`.
 */
export function descriptorsText(d: DescriptorTables): string {
  const out: string[] = [];
  if (d.mode === 'real') {
    out.push(
      `real mode: IDTR ${hexAddr(d.idt.base)} limit 0x${d.idt.limit.toString(16)} (the interrupt vector table, not decoded)`,
    );
    return out.join('\n') + '\n';
  }
  segmentTable(out, 'GDT', d.gdt);
  if (d.ldt) segmentTable(out, 'LDT', d.ldt);
  idtText(out, d.idt);
  if (d.tss) tssText(out, d.tss);
  else out.push('TSS: none (TR holds the null selector)');
  return out.join('\n') + '\n';
}

function header(out: string[], name: string, t: DescriptorTable<unknown>, what: string) {
  const unread = t.unreadable > 0 ? `, ${t.unreadable} unreadable` : '';
  out.push(`${name} base ${hexAddr(t.base)} limit 0x${t.limit.toString(16)} (${what}${unread})`);
  for (const p of t.problems) out.push(`  ! ${p}`);
}

function segmentTable(out: string[], name: string, t: DescriptorTable<SegmentDescriptor>) {
  const used = t.entries.filter((e) => e.kind !== 'null' && e.kind !== 'upper');
  header(out, name, t, `${t.entries.length} slots, ${used.length} descriptors`);
  for (const e of used) {
    const sel = e.selector.toString(16).padStart(4, '0');
    const flags = `${e.present ? 'P' : 'not present'}${e.granularity ? ' G' : ''}`;
    out.push(
      `  ${sel} ${rawHex(e.raw, e.size)}  DPL${e.dpl} ${e.name.trimEnd()}  base ${hexAddr(e.base)} limit 0x${e.limit.toString(16)} ${flags}`,
    );
    for (const p of e.problems) out.push(`    ! ${p}`);
  }
}

function idtText(out: string[], t: DescriptorTable<IdtEntry>) {
  const present = t.entries.filter((g) => g.present);
  header(out, 'IDT', t, `${t.entries.length} gates, ${present.length} present`);
  for (const g of present) {
    const where =
      g.kind === 'task' ? `TSS 0x${g.selector.toString(16)}` : `${hexAddr(g.handler ?? g.offset)}`;
    const ist = g.ist ? ` IST${g.ist}` : '';
    out.push(
      `  ${String(g.vector).padStart(3)} ${rawHex(g.raw, g.bits === 64 ? 16 : 8)}  ${g.kind}${g.bits} DPL${g.dpl} ${g.kind === 'task' ? '' : `${hexSel(g.selector)}:`}${where}${ist}`,
    );
    for (const p of g.problems) out.push(`    ! ${p}`);
  }
}

const hexSel = (s: number) => s.toString(16).padStart(4, '0');

function tssText(out: string[], t: TssView) {
  out.push(
    `TSS (${t.format}-bit) selector ${hexSel(t.selector)} base ${hexAddr(t.base)} limit 0x${t.limit.toString(16)}`,
  );
  for (const p of t.problems) out.push(`  ! ${p}`);
  for (const f of t.fields)
    out.push(`  ${f.name.padEnd(12)} ${f.value === null ? 'unreadable' : hexAddr(f.value)}`);
}
