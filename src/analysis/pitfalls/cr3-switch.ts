import { CS, TR } from '../../core/cpu/registers.ts';
import { CR0_PG } from '../../core/mmu/paging-bits.ts';
import type { ControlWrite } from '../../core/watch/events.ts';
import { hexAddr } from '../hex.ts';
import { translate } from '../translate.ts';
import { stateOf } from './context.ts';
import type { PitfallContext } from './context.ts';
import type { Detector } from './detector.ts';
import { PhysicalReads } from './physical-reads.ts';
import { switchTargets } from './switch-targets.ts';
import type { Target } from './switch-targets.ts';
import { VirtualReader } from './virtual-reader.ts';
import { walkReason } from './walk-reason.ts';

/**
 * At every CR3 load with paging on, before the next instruction runs: is everything the CPU
 * reaches on its own still mapped in the new tables, as it was in the old ones? The next
 * instruction, the stack, the GDT, IDT and TSS, the IST stacks and each IDT handler. What
 * the old tables did not map either is not this switch's doing and is left alone. When the
 * IDT or GDT is gone, the next interrupt of any kind will triple fault: said before it does.
 */
export const cr3Switch: Detector = {
  id: 'cr3-switch',
  title:
    'a CR3 load that unmaps the next instruction, the stack, GDT, IDT, TSS, IST stacks or handlers',
  onEvent(e, ctx) {
    if (e.kind !== 'control' || e.reg !== 'cr3' || e.nextRip === null) return;
    if ((e.before.cr0 & CR0_PG) === 0 || (e.after.cr0 & CR0_PG) === 0) return;
    if (e.before.cr3 === e.after.cr3) return;
    // A switch already checked, with every entry and byte its answer was read from unchanged
    // since, has the same answer: a kernel that switches between its processes thousands of
    // times pays once for each distinct switch, and again only after its tables change.
    const seen = checked.get(ctx) ?? new Map<string, PhysicalReads>();
    checked.set(ctx, seen);
    const key = switchKey(e, ctx);
    if (seen.get(key)?.unchanged()) return;
    const reads = new PhysicalReads(ctx.mem);
    seen.set(key, reads);
    const old = new VirtualReader(stateOf(e.before), ctx.mem, reads);
    const now = new VirtualReader(ctx.cpu, ctx.mem, reads);
    const { targets, dfIst } = switchTargets(ctx.cpu, old, e.nextRip);
    const lost = targets.filter(
      (t) => old.maps(t.va, t.access, t.cpl) && !now.maps(t.va, t.access, t.cpl),
    );
    if (lost.length === 0) return;
    const dfDies =
      lost.some((t) => t.kind === 'idt' || t.kind === 'gdt') ||
      (dfIst === 0 && lost.some((t) => t.kind === 'stack')) ||
      (dfIst !== 0 && lost.some((t) => t.kind === 'tss' || (t.kind === 'ist' && t.ist === dfIst)));
    for (const t of lost) report(e, t, dfIst, dfDies, ctx);
  },
};

const checked = new WeakMap<PitfallContext, Map<string, PhysicalReads>>();

/**
 * What the answer depends on besides memory: the paging registers before and after, the
 * mode and CPL, GDTR, IDTR, TR, RIP's and RSP's pages.
 */
function switchKey(e: ControlWrite, ctx: PitfallContext): string {
  const c = ctx.cpu;
  const { before: b, after: a } = e;
  const regs = [...c.gdtr, ...c.idtr, c.segBaseLo[TR], c.segBaseHi[TR], c.gpr[9], c.gpr[8] >>> 12];
  const paging = [b.cr0, b.cr4, b.efer, a.cr0, a.cr4, a.efer, c.mode, c.cpl, c.segBaseLo[CS]];
  return `${b.cr3}:${a.cr3}:${e.nextRip! >> 12n}:${regs.join(':')}:${paging.join(':')}`;
}

function report(e: ControlWrite, t: Target, dfIst: number, dfDies: boolean, ctx: PitfallContext) {
  const cr3 = hexAddr(e.after.cr3);
  const reason = walkReason(translate(ctx.cpu, ctx.mem, t.va, { access: t.access, cpl: t.cpl }));
  const triple = 'the next interrupt or exception of any kind will triple fault';
  const [why, fix] = words(t, dfIst, dfDies, triple);
  // Pages of one table (or handlers in several pages) fold into one finding per switch.
  ctx.report('cr3-switch', `${t.kind}:${e.at}`, `${t.va & ~0xfffn}`, {
    severity: 'error',
    what: `Loading CR3 with ${cr3} unmaps ${t.label} at ${ctx.named(t.va)}, which the old tables mapped.`,
    where: ctx.where(e.at, e.rip, { cr3: e.after.cr3, va: t.va }),
    why: `${reason}. ${why}`,
    fix,
  });
}

function words(t: Target, dfIst: number, dfDies: boolean, triple: string): [string, string] {
  const df = dfDies
    ? 'and the #DF cannot be delivered either: triple fault'
    : `and the #DF runs on IST${dfIst}`;
  switch (t.kind) {
    case 'rip':
      return [
        `The CPU fetches it right after the mov to CR3: #PF at once${dfDies ? `, and that #PF cannot be delivered: ${triple}, so it triple faults at the very next instruction` : ''}.`,
        'Map the code that switches, and what it runs next, at the same virtual addresses in the new tables (the kernel image, or an identity map of the trampoline).',
      ];
    case 'stack':
      return [
        `The next push, call or interrupt frame writes there and faults; an interrupt frame that cannot be pushed makes a #DF, ${df}.`,
        'Map the current stack in the new tables, or move to a stack they map before loading them.',
      ];
    case 'idt':
      return [
        `Delivering any interrupt or exception reads its gate there; the read faults (#PF), delivering that #PF reads the IDT again (#DF), and again: ${triple}.`,
        'Map the IDT in the new tables (keep the memory it lives in mapped, e.g. the HHDM), or lidt an address they map before the switch.',
      ];
    case 'gdt':
      return [
        `Delivering an interrupt loads the handler's code segment from the GDT; that read faults, and so does delivering the #PF and the #DF: ${triple}.`,
        'Map the GDT in the new tables, or lgdt an address they map before the switch.',
      ];
    case 'tss':
      return [
        `Interrupts that switch stacks (an IST, or any interrupt from user mode) read RSP0 or the IST from the TSS and fault${dfIst !== 0 ? `; the #DF gate uses IST${dfIst}, so a double fault will triple fault` : ''}.`,
        'Map the TSS in the new tables (it usually lives with the GDT), or ltr a TSS they map.',
      ];
    case 'ist':
      return [
        `Vectors on IST${t.ist} push their frame there and fault${t.ist === dfIst ? '; it is the #DF stack, so any double fault will triple fault' : ', which becomes a #DF'}.`,
        `Map the IST${t.ist} stack in the new tables, or point TSS.IST${t.ist} at a stack they map.`,
      ];
    case 'rsp0':
      return [
        `An interrupt or system call from user mode pushes its frame there and faults, which becomes a #DF, ${df}.`,
        'Map the kernel stack TSS.RSP0 names in the new tables.',
      ];
    default:
      return [
        `The interrupt is delivered, then the handler's first instruction faults (#PF)${t.vectors?.includes(14) ? '; the #PF handler being one of them, each #PF raises another until the stack runs out' : ''}.`,
        'Map the kernel text that holds the interrupt handlers in the new tables.',
      ];
  }
}
