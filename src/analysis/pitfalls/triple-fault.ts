import type { FaultLink } from '../../core/cpu/interrupts/fault-chain.ts';
import { EFER_LMA } from '../../core/mmu/paging-bits.ts';
import { hexAddr } from '../hex.ts';
import { translate } from '../translate.ts';
import type { PitfallContext } from './context.ts';
import type { Detector } from './detector.ts';
import { walkReason } from './walk-reason.ts';

const pair = (lo: number, hi: number) => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
const cr3Of = (ctx: PitfallContext) => pair(ctx.cpu.cr3[0], ctx.cpu.cr3[1]);

/**
 * A triple fault, explained step by step in words: the first exception and why (the entry
 * its walk stopped at), then for each delivery that failed, what it was reading and why that
 * did not translate, down to the shutdown. Built from the core's fault chain and walks of the
 * machine as it stopped, which is the state the faults saw.
 */
export const tripleFault: Detector = {
  id: 'triple-fault',
  title: 'a triple fault, its fault chain explained step by step',
  atEnd(ctx) {
    const rec = ctx.cpu.shutdown;
    if (rec === null || rec.chain.length === 0) return;
    const chain = rec.chain;
    const steps = [firstStep(chain[0], ctx)];
    chain.forEach((l, i) => {
      if (i > 0) steps.push(l.name);
      steps.push(`delivering ${l.name}: ${l.failure}${walkWhy(l.failure, ctx)}`);
    });
    steps.push('triple fault: the CPU shuts down');
    const at = ctx.cpu.now();
    ctx.report('triple-fault', `${at}`, `${at}`, {
      severity: 'error',
      what: `The CPU triple faulted: ${chain.map((l) => l.name).join(' -> ')} -> shutdown.`,
      where: ctx.where(at, chain[0].rip, {
        cr3: cr3Of(ctx),
        ...(chain[0].cr2 === null ? {} : { va: chain[0].cr2 }),
      }),
      why: steps.join(' -> '),
      fix: 'Fix the first fault; and keep the IDT, the GDT, the handlers and a #DF stack (an IST in the TSS) mapped in every address space, so the next fault is reported by your handler instead of resetting the machine.',
    });
  },
};

/** "#PF at RIP 0x... (kmain+0x39) fetching 0x...: PML4 entry 511 (at 0xff8) is not present". */
function firstStep(l: FaultLink, ctx: PitfallContext): string {
  const at = `${l.name} at RIP ${ctx.named(l.rip)}`;
  if (l.cr2 === null || l.errorCode === null) return `${at}: ${l.cause}`;
  // Without NX or SMEP the error code has no I/D bit: a fault at RIP itself is the fetch.
  const fetch = (l.errorCode & 16) !== 0 || l.cr2 === l.rip;
  const access = fetch ? 'fetch' : l.errorCode & 2 ? 'write' : 'read';
  const verb = access === 'fetch' ? 'fetching' : access === 'write' ? 'writing' : 'reading';
  const cpl = l.errorCode & 4 ? 3 : 0;
  const tr = translate(ctx.cpu, ctx.mem, l.cr2, { access, cpl });
  const reason = tr.ok ? l.cause : walkReason(tr);
  return `${at} ${verb} ${hexAddr(l.cr2)}${tableOf(l.cr2, ctx)}: ${reason}`;
}

/** " (IDT entry 3)" when the address is in the IDT or GDT, else ''. */
function tableOf(va: bigint, ctx: PitfallContext): string {
  const c = ctx.cpu;
  const idt = pair(c.idtr[0], c.idtr[1]);
  const gdt = pair(c.gdtr[0], c.gdtr[1]);
  const gate = (c.efer & EFER_LMA) !== 0 ? 16n : 8n;
  if (va >= idt && va <= idt + BigInt(c.idtr[2])) return ` (IDT entry ${(va - idt) / gate})`;
  if (va >= gdt && va <= gdt + BigInt(c.gdtr[2])) return ` (GDT entry ${(va - gdt) / 8n})`;
  return '';
}

/** Why the address a delivery step named does not translate, from a walk now. */
function walkWhy(failure: string, ctx: PitfallContext): string {
  const m = /0x([0-9a-f]{16})/.exec(failure);
  if (m === null) return '';
  const tr = translate(ctx.cpu, ctx.mem, BigInt('0x' + m[1]), { access: 'read', cpl: 0 });
  return tr.ok ? '' : `, because ${walkReason(tr)}`;
}
