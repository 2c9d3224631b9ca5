import { PhysicalMemory } from '../../core/memory/physical-memory.ts';
import { TableBuilder } from '../tables/table-builder.ts';
import type { TableFormat } from '../tables/table-builder.ts';
import type { Scenario } from './scenarios.ts';
import { fillEmptyPdptes, scenarioSpec } from './scenarios.ts';

/** xorshift32, so a seed names one exact layout. */
function prng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

const P = 1;

/**
 * A seeded random layout for the differential proof: runs of 4 KiB pages whose flags (every
 * bit QEMU prints, NX included) change at random or repeat, so ranges both merge and split;
 * huge pages; table entries with random R/W and U/S, so the AND down the levels matters.
 */
export function randomScenario(format: TableFormat, seed: number): Scenario {
  const rnd = prng(seed);
  const b = new TableBuilder(new PhysicalMemory(32 << 20), format, 0x400000);
  b.map(0n, 0, format === 'legacy32' ? 0x400000 : 0x200000, P | 2);
  const wide = format !== 'legacy32';
  const vaBits = format === 'la57' ? 57 : format === 'la48' ? 48 : 32;
  const big = wide ? 0x200000 : 0x400000;
  for (let region = 0; region < 12; region++) {
    // A random, canonical, page-aligned start.
    let va = (BigInt(rnd()) << 32n) | BigInt(rnd());
    va &= (1n << BigInt(vaBits)) - 1n;
    if (vaBits > 32 && va >> BigInt(vaBits - 1))
      va |= ~((1n << BigInt(vaBits)) - 1n) & ((1n << 64n) - 1n);
    b.tableFlags = P | (rnd() % 4 ? 2 : 0) | (rnd() % 3 ? 4 : 0);
    const kind = rnd() % 4;
    try {
      if (kind === 3 && wide && format !== 'pae') {
        va &= ~0x3fffffffn;
        b.map(va, (rnd() % 64) * 0x40000000, 0x40000000, P | (rnd() & 0x17e), rnd() & 0x80000000);
      } else if (kind === 2) {
        va &= ~BigInt(big - 1);
        for (let i = 0; i < 1 + (rnd() % 40); i++) {
          const v = va + BigInt(i * big);
          if (vaBits === 32 && v >= 1n << 32n) break;
          b.map(v, (rnd() % 512) * big, big, P | (rnd() & 0x17e), wide ? rnd() & 0x80000000 : 0);
        }
      } else {
        va &= ~0xfffn;
        let flags = P | 2;
        let hi = 0;
        for (let i = 0; i < 200 + (rnd() % 1500); i++) {
          const v = va + BigInt(i * 4096);
          if (vaBits === 32 && v >= 1n << 32n) break;
          if (rnd() % 8 === 0) {
            flags = (rnd() & 0x1fe) | (rnd() % 10 ? P : 0);
            // NX, and now and then address bits past MAXPHYADDR (QEMU masks some off).
            hi = wide ? rnd() & (0x80000000 | (rnd() % 4 === 0 ? 0x000fff00 : 0)) : 0;
          }
          b.map(v, (rnd() % 0x8000) * 4096, 4096, flags, hi);
        }
      }
    } catch {
      // The region ran into a huge page mapped earlier: keep what was mapped.
    }
  }
  if (format === 'la57') fillEmptyPdptes(b);
  const name = `${format}-random-${seed.toString(16)}`;
  const spec = scenarioSpec(b, format === 'legacy32' ? { cr4: 1 << 4, nxe: false } : {});
  return { name, builder: b, spec, cpu: format === 'la57' ? 'qemu64,+la57' : undefined };
}

export function randomScenarios(): Scenario[] {
  return [
    randomScenario('la48', 0x5eed0001),
    randomScenario('la48', 0x5eed0002),
    randomScenario('la57', 0x5eed0003),
    randomScenario('pae', 0x5eed0004),
    randomScenario('legacy32', 0x5eed0005),
  ];
}
