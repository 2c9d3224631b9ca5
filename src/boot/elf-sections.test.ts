import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSections } from './elf-sections.ts';

/** readelf's allocated sections (flag A) with an address: the oracle for the reader. */
function readelfSections(path: string) {
  const text = execFileSync('readelf', ['-SW', path], { encoding: 'utf8' });
  const out: { name: string; addr: bigint; size: bigint; flags: string }[] = [];
  const re = /\]\s+(\S+)\s+(\S+)\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+[0-9a-f]+\s+([A-Z]*)/;
  for (const line of text.split('\n')) {
    const m = re.exec(line);
    if (m && m[5].includes('A') && BigInt('0x' + m[3]) !== 0n)
      out.push({ name: m[1], addr: BigInt('0x' + m[3]), size: BigInt('0x' + m[4]), flags: m[5] });
  }
  return out;
}

describe('ELF section headers', () => {
  for (const kernel of ['demo-limine', 'multiboot1-hello', 'pitfall-stack-guard']) {
    it(`${kernel}: the allocated sections readelf lists, with their flags`, () => {
      const path = `public/kernels/${kernel}.elf`;
      const want = readelfSections(path);
      expect(want.length).toBeGreaterThan(2);
      const got = readSections(readFileSync(path));
      expect(got.map((s) => [s.name, s.addr, s.size, s.writable, s.executable])).toEqual(
        want.map((s) => [s.name, s.addr, s.size, s.flags.includes('W'), s.flags.includes('X')]),
      );
    });
  }

  it('anything but a whole ELF gives no sections', () => {
    const demo = readFileSync('public/kernels/demo-limine.elf');
    expect(readSections(new Uint8Array(10))).toEqual([]);
    expect(readSections(demo.subarray(0, 0x1000))).toEqual([]); // the headers cut off
  });
});
