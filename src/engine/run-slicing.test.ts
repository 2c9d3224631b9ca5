import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PUBLIC_KERNELS } from '../../tests/kernels/paths.ts';
import { hashSnapshot } from '../core/machine/snapshot-hash.ts';
import { bootMachine } from './boot-machine.ts';
import { createEngine } from './session-engine.ts';

const STALE_TLB = join(PUBLIC_KERNELS, 'pitfall-stale-tlb.elf');
/** What pitfall-stale-tlb prints when its second read hits the stale TLB entry. */
const STALE_READ = 'stale: the TLB still maps frame A';

/**
 * pitfall-stale-tlb reads a page, repoints its PTE, reads it again: the second read gives
 * the old frame only while the TLB entry survives in between, and the kernel's code page
 * shares its TLB slot. Where a run's caller stops it must not decide the answer.
 */
describe('how runs are sliced changes nothing the guest can see', () => {
  it('the same end state and the same stale read whatever the budget of each run', () => {
    const ends = [10_000_000, 1, 3, 7].map((slice) => {
      const b = bootMachine(readFileSync(STALE_TLB), {});
      if (!b.ok) throw new Error(b.error.message);
      let serial = '';
      b.machine.onEvent((e) => {
        if (e.kind === 'serial') serial += String.fromCharCode(e.byte);
      });
      let r;
      do r = b.machine.run(slice);
      while (r.reason === 'budget');
      return {
        reason: r.reason,
        stale: serial.includes(STALE_READ),
        hash: hashSnapshot(b.machine.snapshot()),
      };
    });
    expect(ends[0]).toMatchObject({ reason: 'exit', stale: true });
    for (const e of ends.slice(1)) expect(e).toEqual(ends[0]);
  });

  it('the same end state for kernels with timers, interrupts and faults, sliced unevenly', () => {
    for (const name of ['demo-limine.elf', 'pitfall-gdt-idt-unmapped.elf', 'exception-test.elf']) {
      const end = (slices: (i: number) => number) => {
        const b = bootMachine(readFileSync(join(PUBLIC_KERNELS, name)), {});
        if (!b.ok) throw new Error(b.error.message);
        let r;
        let i = 0;
        do r = b.machine.run(slices(i++));
        while (r.reason === 'budget' && b.machine.cpu.now() < 5_000_000);
        return `${r.reason} at ${b.machine.cpu.now()}: ${hashSnapshot(b.machine.snapshot())}`;
      };
      const whole = end(() => 10_000_000);
      // Budgets from 1 to 97 instructions, in an order with no period a block would match.
      expect(
        end((i) => 1 + ((i * 7919) % 97)),
        name,
      ).toBe(whole);
    }
  });

  it('a page-table write breakpoint between the two reads leaves the read stale', () => {
    const r = createEngine(new Uint8Array(readFileSync(STALE_TLB)));
    if (!r.ok) throw new Error(r.error.message);
    const e = r.engine;
    e.setBreakpoints([{ id: 1, enabled: true, kind: 'table-write' }]);
    let stops = 0;
    e.resume();
    while (!e.run(1_000_000)) {
      if (e.breakHit) stops++;
      e.resume();
    }
    expect(stops).toBeGreaterThan(0);
    expect(e.stop?.reason).toBe('exit');
    expect(e.serial.all()).toContain(STALE_READ);
  });
});
