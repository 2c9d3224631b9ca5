import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bootMachine } from '../engine/boot-machine.ts';
import { moduleFromSpec, RUN_EXIT, runCommand } from './run-command.ts';
import { keyboardEchoKernelFile } from '../boot/test-helpers/keyboard-echo-kernel.ts';

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

describe('pagescope run with modules', () => {
  it('hands --initrd files and their arguments to a Multiboot kernel as QEMU does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pagescope-initrd-'));
    const file = join(dir, 'ramdisk.bin');
    writeFileSync(file, 'module contents\n');
    const mod = moduleFromSpec(`${file} root=/dev/ram0`);
    expect(mod).toMatchObject({ name: 'ramdisk.bin', cmdline: 'root=/dev/ram0' });
    const image = readFileSync('public/kernels/multiboot1-hello.elf');
    const booted = bootMachine(image, { modules: [mod] });
    if (!booted.ok) throw new Error(booted.error.message);
    // Multiboot 1 info at EBX: mods_count at +20, mods_addr at +24 -> {start, end, string}.
    const view = booted.machine.mem.view;
    const info = booted.machine.cpu.gpr[3 * 2];
    expect(view.getUint32(info + 20, true)).toBe(1);
    const entry = view.getUint32(info + 24, true);
    const start = view.getUint32(entry, true);
    const end = view.getUint32(entry + 4, true);
    expect(new TextDecoder().decode(booted.machine.mem.ram.slice(start, end))).toBe(
      'module contents\n',
    );
    const str = view.getUint32(entry + 8, true);
    const text = new TextDecoder().decode(booted.machine.mem.ram.slice(str, str + 64));
    expect(text.split('\0')[0]).toBe('ramdisk.bin root=/dev/ram0');
  });
});

describe('pagescope run with the keyboard and the VGA text screen', () => {
  const kernel = keyboardEchoKernelFile();

  it('types --keys into the PS/2 keyboard and prints the text screen with --screen', () => {
    const r = run([kernel, '--keys', 'h i spc 4 2 ret', '--keys-at', '100000', '--screen']);
    expect(r.status).toBe((5 << 1) | 1); // Enter exits with the count of characters typed
    const screen = r.out.split('\n');
    expect(screen[0]).toMatch(/^--- VGA text 80x25 at instruction \d+ ---$/);
    expect(screen.slice(1)).toEqual(['keyboard echo: type, then Enter', '> hi 42', '']);
  });

  it('types nothing before --keys-at', () => {
    const r = run([kernel, '--keys', 'a ret', '--keys-at', '3000000', '--stop-at', '2000000']);
    expect(r.status).toBe(RUN_EXIT.halted);
    const late = run([kernel, '--keys', 'a ret', '--keys-at', '3000000']);
    expect(late.status).toBe((1 << 1) | 1);
  });

  it('prints the screen also when the run ends at a limit', () => {
    const r = run([kernel, '--max-instructions', '500000', '--screen']);
    expect(r.status).toBe(RUN_EXIT.limit);
    expect(r.out).toContain('keyboard echo: type, then Enter\n>\n'); // trailing blanks trimmed
  });
});
