// The committed images in public/kernels/ are what kernels/ builds: the Makefile is run into a
// temporary directory and every image must come out byte for byte the same.
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KERNELS, REFERENCE_IMAGES } from './catalog.ts';
import { sectionNames } from './elf.ts';
import { makeKernels } from './make.ts';
import { EXPECTED_DIR, PUBLIC_KERNELS } from './paths.ts';
import { ensureKernelTestTools } from './system-deps.ts';

const inPublic = readdirSync(PUBLIC_KERNELS).sort();
const committed = inPublic.filter((f) => !REFERENCE_IMAGES.includes(f));
const elfImages = committed.filter((f) => f.endsWith('.elf'));

describe('the guest kernels build', () => {
  let built = '';
  beforeAll(() => {
    ensureKernelTestTools();
    built = makeKernels();
  }, 300_000);
  afterAll(() => rmSync(built, { recursive: true, force: true }));

  it('commits exactly the release images the catalog lists', () => {
    expect(inPublic).toEqual([...KERNELS.map((k) => k.image), ...REFERENCE_IMAGES].sort());
  });

  it.each(committed)('rebuilds %s byte for byte from the sources', (file) => {
    const rebuilt = readFileSync(join(built, file));
    const ours = readFileSync(join(PUBLIC_KERNELS, file));
    expect(rebuilt.length, `${file}: size`).toBe(ours.length);
    expect(rebuilt.equals(ours), `${file} differs from a fresh build: run make -C kernels`).toBe(
      true,
    );
  });

  it.each(elfImages)('keeps the symbol table of %s and drops its debug info', (file) => {
    const names = sectionNames(readFileSync(join(PUBLIC_KERNELS, file)));
    expect(names).toContain('.symtab');
    expect(names.filter((n) => n.startsWith('.debug') || n === '.comment')).toEqual([]);
  });

  it.each(committed)('keeps %s under 64 KiB', (file) => {
    expect(statSync(join(PUBLIC_KERNELS, file)).size).toBeLessThan(64 * 1024);
  });

  it('has an expected serial output for every kernel, and none for kernels that do not exist', () => {
    const expected = readdirSync(EXPECTED_DIR)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => f.replace(/\.txt$/, ''))
      .sort();
    expect(expected).toEqual(KERNELS.map((k) => k.name).sort());
  });
});
