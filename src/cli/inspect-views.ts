import type { Cpu } from '../core/cpu/cpu.ts';
import { readFlags } from '../core/cpu/lazy-flags.ts';
import { GPR_NAMES, SEG_NAMES } from '../core/cpu/registers.ts';
import { CR4_LA57 } from '../core/mmu/paging-bits.ts';
import { descriptorTables } from '../analysis/descriptors/descriptor-tables.ts';
import { descriptorsText } from '../analysis/descriptors/descriptors-text.ts';
import { hexAddr } from '../analysis/hex.ts';
import { infoMemLines } from '../analysis/info-mem.ts';
import { infoRegisters } from '../analysis/info-registers.ts';
import { infoTlbLines } from '../analysis/info-tlb.ts';
import { findingText } from '../analysis/pitfalls/finding-text.ts';
import { sizeText } from '../analysis/pitfalls/space-words.ts';
import type { Finding } from '../analysis/pitfalls/index.ts';
import { namedRanges } from '../analysis/named-regions.ts';
import type { LabelledRange, NameSources } from '../analysis/named-regions.ts';
import { offsetRegions } from '../analysis/offset-regions.ts';
import type { OffsetRegion } from '../analysis/offset-regions.ts';
import { addressRanges } from '../analysis/ranges.ts';
import { physicalAliases } from '../analysis/reverse-lookup.ts';
import type { Alias } from '../analysis/reverse-lookup.ts';
import { rightsText } from '../analysis/rights-text.ts';
import { diffAddressSpaces } from '../analysis/space-diff.ts';
import { diffText } from '../analysis/space-diff-text.ts';
import { translate } from '../analysis/translate.ts';
import type { Translation } from '../analysis/translate.ts';
import { CliError } from './cli-error.ts';
import { parseInteger } from './options.ts';
import { treeRows, treeText } from './tree-view.ts';

/** What `inspect` can print: QEMU's monitor views, a translation, the tree, the findings. */
export type View =
  | { name: 'info mem' | 'info tlb' | 'info registers' | 'tree' | 'findings' | 'descriptors' }
  | { name: 'translate'; va: bigint }
  | { name: 'aliases'; pa: bigint }
  | { name: 'diff'; cr3: bigint }
  | { name: 'regions' };

const VIEW_HELP =
  'info mem, info tlb, info registers, translate VA, aliases PA, regions, diff CR3, tree, descriptors, findings';

/** The view words after the options, e.g. ['info', 'mem', 'translate', '0xffff...']. */
export function parseViews(words: string[]): View[] {
  const views: View[] = [];
  for (let k = 0; k < words.length; k++) {
    const w = words[k];
    if (w === 'info') {
      const what = words[++k];
      if (what !== 'mem' && what !== 'tlb' && what !== 'registers')
        throw new CliError(`'info' takes mem, tlb or registers, not '${what ?? ''}'`);
      views.push({ name: `info ${what}` });
    } else if (w === 'translate') {
      const va = words[++k];
      if (va === undefined) throw new CliError("'translate' needs a virtual address");
      views.push({ name: 'translate', va: parseInteger(va, 'translate') });
    } else if (w === 'aliases') {
      const pa = words[++k];
      if (pa === undefined) throw new CliError("'aliases' needs a physical address");
      views.push({ name: 'aliases', pa: parseInteger(pa, 'aliases') });
    } else if (w === 'diff') {
      const cr3 = words[++k];
      if (cr3 === undefined) throw new CliError("'diff' needs the CR3 to compare with");
      views.push({ name: 'diff', cr3: parseInteger(cr3, 'diff') });
    } else if (w === 'tree' || w === 'findings' || w === 'descriptors' || w === 'regions')
      views.push({ name: w });
    else throw new CliError(`unknown view '${w}': the views are ${VIEW_HELP}`);
  }
  return views.length > 0 ? views : [{ name: 'findings' }];
}

/** What the views know besides the machine: the findings and the names the image gives. */
export interface ViewContext {
  findings: Finding[];
  names: NameSources;
}

/** A view of the machine as text (QEMU's, byte for byte, for `info`) and as JSON data. */
export function renderView(v: View, cpu: Cpu, ctx: ViewContext): { text: string; data: unknown } {
  const findings = ctx.findings;
  switch (v.name) {
    case 'info mem': {
      const lines = infoMemLines(cpu, cpu.mem);
      return { text: lines.map((l) => l + '\n').join(''), data: lines.map(memLine) };
    }
    case 'info tlb': {
      const lines = infoTlbLines(cpu, cpu.mem);
      return { text: lines.map((l) => l + '\n').join(''), data: lines.map(tlbLine) };
    }
    case 'info registers':
      return { text: infoRegisters(cpu, { halted: cpu.halted }), data: registers(cpu) };
    case 'translate': {
      const tr = translate(cpu, cpu.mem, v.va, { access: 'read', cpl: cpu.cpl === 3 ? 3 : 0 });
      return { text: translationText(tr), data: tr };
    }
    case 'tree': {
      const rows = treeRows(cpu);
      return { text: treeText(rows), data: rows };
    }
    case 'aliases': {
      const aliases = physicalAliases(cpu, cpu.mem, Number(v.pa));
      return { text: aliasesText(v.pa, aliases), data: aliases };
    }
    case 'regions': {
      const runs = addressRanges(cpu, cpu.mem).runs;
      const hhdmOffset = ctx.names.regions?.find((r) => r.kind === 'hhdm')?.virt?.base;
      const direct = offsetRegions(runs, (cpu.cr4 & CR4_LA57) !== 0, { hhdmOffset });
      const named = namedRanges(runs, ctx.names);
      return { text: regionsText(direct, named), data: { direct, named } };
    }
    case 'diff': {
      // From the tables under the given CR3 to the live ones: what the switch changed.
      const diff = diffAddressSpaces(
        { mem: cpu.mem, paging: cpu, cr3: v.cr3 },
        { mem: cpu.mem, paging: cpu },
      );
      return { text: diffText(diff), data: diff };
    }
    case 'descriptors': {
      const tables = descriptorTables(cpu, cpu.mem);
      return { text: descriptorsText(tables), data: tables };
    }
    case 'findings':
      return {
        text:
          findings.length === 0
            ? 'no findings\n'
            : findings.map((f) => findingText(f) + '\n').join(''),
        data: findings,
      };
  }
}

/** `ffff800000000000-ffff800000200000 0000000000200000 -rw` as data. */
function memLine(l: string) {
  const [range, size, prot] = l.split(' ');
  const [start, end] = range.split('-');
  return {
    start: '0x' + start,
    end: '0x' + end,
    size: '0x' + size,
    user: prot[0] === 'u',
    writable: prot[2] === 'w',
  };
}

/** `ffffffff80000000: 0000000007fcb000 --------P` as data. */
function tlbLine(l: string) {
  const [va, entry, flags] = l.split(/:? /);
  return { va: '0x' + va, entry: '0x' + entry, flags };
}

function registers(c: Cpu) {
  const pair = (a: ArrayLike<number>, i: number) =>
    (BigInt(a[i + 1] >>> 0) << 32n) | BigInt(a[i] >>> 0);
  const gpr = Object.fromEntries(GPR_NAMES.map((n, i) => [n, pair(c.gpr, 2 * i)]));
  const segments = Object.fromEntries(
    SEG_NAMES.map((n, i) => [
      n,
      {
        selector: c.segSel[i],
        base: (BigInt(c.segBaseHi[i] >>> 0) << 32n) | BigInt(c.segBaseLo[i] >>> 0),
        limit: c.segLimit[i] >>> 0,
        attr: c.segAttr[i] >>> 0,
      },
    ]),
  );
  return {
    ...gpr,
    rip: pair(c.rip, 0),
    rflags: readFlags(c),
    cpl: c.cpl,
    mode: c.mode,
    halted: c.halted,
    cr0: c.cr0 >>> 0,
    cr2: pair(c.cr2, 0),
    cr3: pair(c.cr3, 0),
    cr4: c.cr4 >>> 0,
    cr8: c.cr8,
    efer: c.efer >>> 0,
    gdtr: { base: pair(c.gdtr, 0), limit: c.gdtr[2] },
    idtr: { base: pair(c.idtr, 0), limit: c.idtr[2] },
    segments,
  };
}

/** A translation as lines: each entry read, then the physical address or the fault. */
function translationText(tr: Translation): string {
  const out = [`${hex(tr.va)} (${tr.mode}, CR3 ${hex(tr.cr3)})`];
  for (const s of tr.steps) {
    const rights = rightsText(s.effective);
    out.push(
      `  ${s.level} entry ${s.index} at ${hex(s.entryAddress)} = ${s.raw.toString(16).padStart(16, '0')}  ${s.leaf ? 'page' : 'table'} ${hex(s.entry.address)}  ${rights}`,
    );
  }
  for (const n of tr.notes) out.push(`  note: ${n}`);
  if (tr.ok) out.push(`gpa: ${hex(tr.physical!)} (${(tr.pageSize ?? 4096) / 1024} KiB page)`);
  else
    out.push(
      `fault: ${tr.fault!.vector} error code ${hex(BigInt(tr.fault!.errorCode))}: ${tr.fault!.reason}`,
    );
  return out.join('\n') + '\n';
}

const hex = hexAddr;

/** `0x201234: 2 virtual addresses` then one line each, with the rights there. */
function aliasesText(pa: bigint, aliases: Alias[]): string {
  const n = aliases.length;
  const lines = [
    `${hex(pa)}: ${n === 0 ? 'not mapped' : `${n} virtual address${n > 1 ? 'es' : ''}`}`,
  ];
  for (const a of aliases)
    lines.push(`  ${hex(a.start)}  ${rightsText(a)}${a.global ? ' global' : ''}`);
  return lines.join('\n') + '\n';
}

/**
 * The direct maps, then the named ranges, one line each: virtual span (or the physical one
 * when no table maps it), the name and where it comes from, how much is mapped and how.
 */
function regionsText(direct: OffsetRegion[], named: LabelledRange[]): string {
  const lines = direct.map((r) => `${hex(r.start)}-${hex(r.end)}  ${r.label}`);
  if (lines.length === 0) lines.push('no direct maps');
  for (const n of named) {
    const span =
      n.start !== null
        ? `${hex(n.start)}-${hex(n.end!)}`
        : `phys ${hex(n.phys?.start ?? 0)}-${hex(n.phys?.end ?? 0)}`;
    const what = n.source === 'boot' ? n.kind : n.source;
    const size = n.start !== null ? Number(n.end! - n.start) : 0;
    const mapped =
      n.start === null
        ? 'not mapped'
        : n.mappedBytes === size
          ? n.rights.join(', ')
          : n.mappedBytes === 0
            ? 'not mapped'
            : `${sizeText(n.mappedBytes)} mapped: ${n.rights.join(', ')}`;
    lines.push(`${span}  ${n.name} (${what})  ${mapped}`);
  }
  return lines.join('\n') + '\n';
}
