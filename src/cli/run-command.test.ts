import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUN_EXIT, runCommand } from './run-command.ts';

function run(args: string[]) {
  let out = '';
  let err = '';
  const status = runCommand(
    args,
    (s) => (out += s),
    (s) => (err += s),
  );
  return { status, out, err };
}

describe('pagescope run', () => {
  it('boots the demo kernel, prints its serial output and exits with its QEMU status', () => {
    const r = run(['public/kernels/demo-limine.elf']);
    expect(r.out).toContain('demo-limine: done, exit 0');
    expect(r.status).toBe(1); // isa-debug-exit with 0: (0 << 1) | 1
  });

  it('reports a triple fault with its fault chain and exits with status 4', () => {
    const r = run(['public/kernels/pitfall-bad-cr3.elf']);
    expect(r.status).toBe(RUN_EXIT.tripleFault);
    expect(r.err).toMatch(/triple fault at instruction \d+/);
    expect(r.err).toContain('#PF');
  });

  it('stops at an instruction limit and says so', () => {
    const r = run(['public/kernels/demo-limine.elf', '--max-instructions', '1000']);
    expect(r.status).toBe(RUN_EXIT.limit);
    expect(r.err).toContain('instruction limit reached at 1000');
  });

  it('rejects a file that is not a kernel with the boot error and status 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pagescope-run-'));
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'just some text, not a kernel\n');
    const r = run([file]);
    expect(r.status).toBe(RUN_EXIT.badInput);
    expect(r.err).toMatch(/BOOT_[A-Z_]+: /);
  });
});
