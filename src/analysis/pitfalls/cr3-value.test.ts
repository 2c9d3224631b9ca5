// cr3-value on a bare CPU loading CR3: the cases no guest kernel shows (pitfall-bad-cr3 has 0).
import { describe, expect, it } from 'vitest';
import { createBareCpu } from '../../core/cpu/bare-cpu.ts';
import { GuestExceptionSink } from '../../core/cpu/interrupts/deliver.ts';
import { RSP } from '../../core/cpu/registers.ts';
import { cr3Value } from './cr3-value.ts';
import { PitfallMonitor } from './monitor.ts';

const CODE = 0x100000;
const d32 = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];

/** Runs `mov rax, value; mov cr3, rax; hlt` on 16 MiB with identity paging; cr3-value's findings. */
function load(lo: number, hi = 0) {
  const cpu = createBareCpu(64, 16 << 20, new GuestExceptionSink());
  cpu.mem.ram.set([0x48, 0xb8, ...d32(lo), ...d32(hi), 0x0f, 0x22, 0xd8, 0xf4], CODE);
  cpu.rip[0] = CODE;
  cpu.gpr[RSP << 1] = 0x80000;
  const monitor = new PitfallMonitor({ cpu }, [cr3Value]);
  cpu.run(100);
  return monitor.finish().map((f) => ({ severity: f.severity, what: f.what, at: f.where.at }));
}

describe('cr3-value', () => {
  it('low bits the CPU ignores: a warning, the walk goes on from the page', () => {
    expect(load(0x1000 | 0x7)).toEqual([
      {
        severity: 'warning',
        what: expect.stringContaining(
          'low bits 0x7 the CPU ignores: the top table is taken to be at 0x1000',
        ),
        at: 1,
      },
    ]);
  });

  it('PWT and PCD are not misalignment', () => {
    expect(load(0x1000 | 0x18)).toEqual([]);
  });

  it('a root past the end of RAM', () => {
    const [f] = load(0x2000000);
    expect(f.severity).toBe('error');
    expect(f.what).toContain('past the end of RAM (16 MiB)');
  });

  it('a higher-half virtual address: refused with #GP, named as a virtual address', () => {
    const [f] = load(0x1000, 0xffff8000);
    expect(f.what).toBe(
      'mov to CR3 with 0xffff800000001000 loads a virtual address: the CPU refused it with #GP.',
    );
  });

  it('bits above MAXPHYADDR that are no virtual address', () => {
    const [f] = load(0x1000, 0x100);
    expect(f.what).toContain('sets bits above MAXPHYADDR (40)');
  });
});
