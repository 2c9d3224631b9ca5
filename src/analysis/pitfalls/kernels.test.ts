// Every detector fires on a guest kernel in kernels/ and on none of the healthy demo: the
// detectors that fire on each kernel are listed exactly, so a new false alarm shows up too.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bootMachine } from '../../engine/boot-machine.ts';
import { DETECTORS, PitfallMonitor } from './index.ts';
import type { Finding } from './index.ts';

const KERNELS = join(import.meta.dirname, '../../../public/kernels');
const BUDGET = 50_000_000;

function check(image: string): { findings: Finding[]; end: string; serial: string } {
  const booted = bootMachine(readFileSync(join(KERNELS, image)), { imageName: image });
  if (!booted.ok) throw new Error(`${image}: ${booted.error.message}`);
  const { machine, pc, plan } = booted;
  let serial = '';
  machine.onEvent((e) => {
    if (e.kind === 'serial') serial += String.fromCharCode(e.byte);
  });
  const monitor = new PitfallMonitor(machine, DETECTORS, {
    symbols: plan.symbols,
    regions: plan.regions,
  });
  let reason = 'budget';
  while (reason === 'budget' && machine.cpu.now() < BUDGET) {
    reason = machine.run(5_000_000).reason;
    pc.poll();
  }
  return { findings: monitor.finish(), end: reason, serial };
}

/** Detectors that fired in the tests so far (vitest runs a file's tests in order). */
const seen = new Set<string>();
const fired = (f: Finding[]) => {
  for (const x of f) seen.add(x.detector);
  return [...new Set(f.map((x) => x.detector))].sort();
};
const one = (f: Finding[], detector: string) => {
  const hits = f.filter((x) => x.detector === detector);
  expect(hits.length, `${detector} findings`).toBeGreaterThan(0);
  return hits;
};

describe('pitfall detectors on the guest kernels', () => {
  it('demo-limine, the healthy kernel: nothing fires', () => {
    const r = check('demo-limine.elf');
    expect(r.end).toBe('exit');
    expect(r.findings).toEqual([]);
  });

  it('pitfall-bad-cr3: CR3 = 0 is named at the mov, the switch check predicts the triple fault', () => {
    const r = check('pitfall-bad-cr3.elf');
    expect(fired(r.findings)).toEqual(['cr3-switch', 'cr3-value', 'triple-fault']);
    const [zero] = one(r.findings, 'cr3-value');
    expect(zero.what).toContain('CR3 is loaded with 0x0');
    expect(zero.where.symbol).toMatch(/^kmain\+0x/);
    const [tf] = one(r.findings, 'triple-fault');
    // Predicted at the mov to CR3, one instruction before the CPU shut down.
    expect(zero.where.at).toBe(tf.where.at! - 1);
    const rip = one(r.findings, 'cr3-switch').find((f) => f.what.includes('the next instruction'));
    expect(rip?.why).toContain('triple faults at the very next instruction');
  });

  it('pitfall-gdt-idt-unmapped: the CR3 switch unmaps GDT, IDT and TSS; int3 then triple faults', () => {
    const r = check('pitfall-gdt-idt-unmapped.elf');
    expect(fired(r.findings)).toEqual(['cr3-switch', 'triple-fault']);
    const lost = one(r.findings, 'cr3-switch').map((f) => f.what.replace(/ at 0x.*/, ''));
    expect(lost).toEqual([
      'Loading CR3 with 0x102000 unmaps the GDT',
      'Loading CR3 with 0x102000 unmaps the IDT',
      'Loading CR3 with 0x102000 unmaps the TSS',
    ]);
    const idt = one(r.findings, 'cr3-switch')[1];
    expect(idt.why).toContain('will triple fault');
    expect(idt.where.symbol).toMatch(/^kspace_switch\+/);
    const [tf] = one(r.findings, 'triple-fault');
    expect(idt.where.at).toBeLessThan(tf.where.at!); // said before it happened
    expect(tf.why).toMatch(
      /^#PF at RIP 0x[0-9a-f]+ \(kmain\+0x[0-9a-f]+\) reading 0xffff800000101030 \(IDT entry 3\): PML4 entry 256 \(at 0x102800\) is not present -> delivering #PF: IDT entry 14 .* -> #DF -> delivering #DF: IDT entry 8 .* -> triple fault/,
    );
  });

  it('pitfall-higher-half-alloc: entries holding kernel-virtual addresses', () => {
    const r = check('pitfall-higher-half-alloc.elf');
    expect(fired(r.findings)).toEqual(['cr3-switch', 'table-address', 'triple-fault']);
    const [va] = one(r.findings, 'table-address');
    expect(va.severity).toBe('error');
    expect(va.what).toMatch(
      /PML4 entry \d+ .* holds 0xffffffff8[0-9a-f]+: .*higher-half virtual address/,
    );
  });

  it('pitfall-bad-cr3-garbage: a root table whose entries all have reserved bits', () => {
    const r = check('pitfall-bad-cr3-garbage.elf');
    expect(fired(r.findings)).toEqual(['cr3-switch', 'reserved-bits', 'triple-fault']);
    const [rsvd] = one(r.findings, 'reserved-bits');
    expect(rsvd.count).toBe(512);
    expect(rsvd.why).toContain('above MAXPHYADDR');
  });

  it('pitfall-no-identity-map: paging turned on with the next fetch unmapped', () => {
    const r = check('pitfall-no-identity-map.elf');
    expect(fired(r.findings)).toEqual(['paging-enable', 'triple-fault', 'writable-executable']);
    const [pg] = one(r.findings, 'paging-enable');
    expect(pg.where.symbol).toBe('paging_cr0_write');
    expect(pg.what).toContain('(paging_first_fetch)');
    expect(one(r.findings, 'triple-fault')[0].why).toMatch(
      /^#PF at RIP 0x1001a2 \(paging_first_fetch\) fetching 0x1001a2: PML4 entry 0 .* is not present -> /,
    );
  });

  it('pitfall-stale-tlb: the stale read is named, and the guest still reads the stale value', () => {
    const r = check('pitfall-stale-tlb.elf');
    expect(r.serial).toContain('stale: the TLB still maps frame A');
    expect(fired(r.findings)).toEqual(['stale-tlb']);
    const [s] = one(r.findings, 'stale-tlb');
    expect(s.what).toMatch(/^A read of 0xffffffff90000000 used a stale TLB entry/);
    expect(s.why).toMatch(/changed at instruction \d+ \(RIP 0x[0-9a-f]+ \(kmain\+0x[0-9a-f]+\)\)/);
  });

  it('pitfall-nx-without-nxe: NX in a PTE after EFER lost NXE', () => {
    const r = check('pitfall-nx-without-nxe.elf');
    expect(fired(r.findings)).toEqual(['nx-without-nxe', 'writable-executable']);
    const [nx] = one(r.findings, 'nx-without-nxe');
    expect(nx.where.va).toBe(0xffffffff90000000n);
  });

  it('pitfall-misaligned-2m: the PAT-bit page (no fault) and the reserved-bit one', () => {
    const r = check('pitfall-misaligned-2m.elf');
    expect(fired(r.findings)).toEqual(['huge-page-alignment']);
    const sev = one(r.findings, 'huge-page-alignment').map((f) => f.severity);
    expect(sev).toEqual(['warning', 'error']);
  });

  it('pitfall-user-wx: kernel pages user-accessible, writable and executable', () => {
    const r = check('pitfall-user-wx.elf');
    expect(fired(r.findings)).toEqual(['user-kernel-pages', 'writable-executable']);
    expect(r.findings.every((f) => f.severity === 'warning')).toBe(true);
  });

  it('multiboot1-hello: its identity map from 0 maps the null page (no NXE: all W+X)', () => {
    const r = check('multiboot1-hello.elf');
    expect(fired(r.findings)).toEqual(['null-page', 'writable-executable']);
  });

  it('pitfall-stack-guard: a guard page doing its job is no paging bug', () => {
    expect(check('pitfall-stack-guard.elf').findings).toEqual([]);
  });

  it('every detector fired on one of the kernels above', () => {
    expect(DETECTORS.map((d) => d.id).filter((id) => !seen.has(id))).toEqual([]);
  });
});
