import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_EXIT, checkCommand } from './check-command.ts';
import { CliError } from './cli-error.ts';

function check(args: string[]) {
  let out = '';
  let err = '';
  const status = checkCommand(
    args,
    (s) => (out += s),
    (s) => (err += s),
  );
  return { status, out, err };
}

describe('pagescope check', () => {
  it('a healthy kernel: no findings, status 0', () => {
    const r = check(['public/kernels/demo-limine.elf']);
    expect(r.status).toBe(CHECK_EXIT.clean);
    expect(r.out).toBe(
      'pagescope check: 0 errors, 0 warnings (the run ended: exit at instruction 1146953)\n',
    );
  });

  it('an error finding: the finding in four lines, status 3', () => {
    const r = check(['public/kernels/pitfall-stale-tlb.elf']);
    expect(r.status).toBe(CHECK_EXIT.errors);
    expect(r.out).toMatch(
      /^error \[stale-tlb\] A read of 0xffffffff90000000 used a stale TLB entry/,
    );
    expect(r.out).toMatch(/\n {2}where: instruction \d+, RIP 0x[0-9a-f]+ \(kmain\+0x[0-9a-f]+\)/);
    expect(r.out).toContain('\n  why:   ');
    expect(r.out).toContain('\n  fix:   ');
    expect(r.out).toContain('pagescope check: 1 error, 0 warnings');
  });

  it('warnings only: status 1', () => {
    expect(check(['public/kernels/pitfall-user-wx.elf']).status).toBe(CHECK_EXIT.warnings);
  });

  it('--json: the findings as data, addresses as hex strings', () => {
    const r = check(['public/kernels/pitfall-bad-cr3.elf', '--json']);
    expect(r.status).toBe(CHECK_EXIT.errors);
    const j = JSON.parse(r.out);
    expect(j.end).toEqual({ reason: 'triple-fault', at: 29048 });
    expect(j.findings[0]).toMatchObject({
      detector: 'cr3-value',
      severity: 'error',
      where: { at: 29047, cr3: '0x0' },
    });
    expect(j.findings[0].where.rip).toMatch(/^0xffffffff8/);
  });

  it('--serial sends the guest output to stderr', () => {
    const r = check(['public/kernels/demo-limine.elf', '--serial']);
    expect(r.err).toContain('demo-limine: done, exit 0');
  });

  it('a limit ends the run and says so', () => {
    const r = check(['public/kernels/demo-limine.elf', '--max-instructions', '1000']);
    expect(r.out).toContain('(the run stopped by --max-instructions at instruction 1000)');
  });

  it('bad input: the boot error and status 2; a stray argument is a usage error', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pagescope-check-')), 'notes.txt');
    writeFileSync(file, 'not a kernel\n');
    const r = check([file]);
    expect(r.status).toBe(CHECK_EXIT.badInput);
    expect(r.err).toMatch(/BOOT_[A-Z_]+: /);
    expect(() => check(['public/kernels/demo-limine.elf', 'tree'])).toThrow(CliError);
    expect(() => check([])).toThrow(/check needs an image/);
  });
});
