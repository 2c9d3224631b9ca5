import { describe, expect, it } from 'vitest';
import { CliError } from './cli-error.ts';
import { INSPECT_EXIT, inspectCommand } from './inspect-command.ts';

function inspect(args: string[]) {
  let out = '';
  let err = '';
  const status = inspectCommand(
    args,
    (s) => (out += s),
    (s) => (err += s),
  );
  return { status, out, err };
}

const DEMO = 'public/kernels/demo-limine.elf';

describe('pagescope inspect', () => {
  it('--at cr3: info mem of the new tables, right after the mov to CR3', () => {
    const r = inspect([DEMO, '--at', 'cr3', 'info', 'mem']);
    expect(r.status).toBe(INSPECT_EXIT.ok);
    expect(r.err).toMatch(/^pagescope: stopped at cr3: instruction 319951, RIP 0xffffffff8/);
    expect(r.out.split('\n')).toContain('ffffffff80000000-ffffffff80004000 0000000000004000 -r-');
  });

  it('--framebuffer offers the Limine kernel a framebuffer, in the HHDM like any loader region', () => {
    const framebuffer = /framebuffer \(framebuffer\)/;
    expect(inspect([DEMO, '--at', '1', 'regions']).out).not.toMatch(framebuffer);
    const r = inspect([DEMO, '--framebuffer', '--at', '1', 'regions']);
    expect(r.out).toMatch(/^0xffff8000fd000000-0xffff8000fd300000 +framebuffer \(framebuffer\)/m);
  });

  it('--at cr3:N counts CR3 writes; one past the last is not reached (status 6)', () => {
    const r = inspect([DEMO, '--at', 'cr3:2', 'findings']);
    expect(r.status).toBe(INSPECT_EXIT.notReached);
    expect(r.err).toContain('--at cr3:2 not reached (the machine ended first (exit))');
    expect(r.out).toBe('no findings\n');
  });

  it('--at vector:14 stops once the #PF is delivered; info registers in QEMU text', () => {
    const r = inspect([
      'public/kernels/pitfall-nx-without-nxe.elf',
      '--at',
      'vector:14',
      'info',
      'registers',
    ]);
    expect(r.status).toBe(INSPECT_EXIT.ok);
    expect(r.out).toMatch(/^\nCPU#0\nRAX=/);
    expect(r.out).toContain('CR2=ffffffff90000000');
  });

  it('--at N, translate and tree', () => {
    const r = inspect([DEMO, '--at', '400000', 'translate', '0xffffffff80000000', 'tree']);
    expect(r.err).toContain('stopped at 400000: instruction 400000');
    expect(r.out).toContain('  PML4 entry 511 at 0x');
    expect(r.out).toMatch(/gpa: 0x[0-9a-f]+ \(4 KiB page\)/);
    expect(r.out).toMatch(
      /\n {6}PT\[0-2\] 0xffffffff80000000 -> 3 x 4 KiB at 0x[0-9a-f]+ {2}r-x kernel\n/,
    );
  });

  it('--at triple-fault: the findings, with the fault chain in words', () => {
    const r = inspect(['public/kernels/pitfall-gdt-idt-unmapped.elf', '--at', 'triple-fault']);
    expect(r.status).toBe(INSPECT_EXIT.ok);
    expect(r.out).toContain('error [triple-fault] The CPU triple faulted: #PF -> #DF -> shutdown.');
  });

  it('--json: the stop and each view as data', () => {
    const r = inspect([
      DEMO,
      '--at',
      'exit',
      '--json',
      'info',
      'tlb',
      'translate',
      '0xffffffff80000000',
    ]);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ stop: 'exit', reached: true, reason: 'exit' });
    expect(j.views[0].name).toBe('info tlb');
    expect(j.views[0].data[0]).toMatchObject({
      va: expect.stringMatching(/^0x/),
      flags: expect.any(String),
    });
    expect(j.views[1]).toMatchObject({
      name: 'translate',
      va: '0xffffffff80000000',
      data: { ok: true },
    });
  });

  it('descriptors: the GDT, IDT and TSS as text and data; an unmapped IDT named', () => {
    const r = inspect([DEMO, '--at', 'exit', 'descriptors']);
    expect(r.out).toMatch(/^GDT base 0xffffffff8[0-9a-f]+ limit 0x27 \(5 slots, 3 descriptors\)\n/);
    expect(r.out).toMatch(
      /\n {4}8 [0-9a-f]{32} {2}interrupt64 DPL0 0008:0xffffffff8[0-9a-f]+ IST1\n/,
    );
    expect(r.out).toContain('TSS (64-bit) selector 0018 base 0xffffffff8');
    expect(r.out).not.toContain('!');
    const j = JSON.parse(inspect([DEMO, '--at', 'exit', '--json', 'descriptors']).out);
    expect(j.views[0].data).toMatchObject({ mode: 'long', tss: { format: 64 } });
    expect(j.views[0].data.idt.entries).toHaveLength(256);
    const broken = inspect([
      'public/kernels/pitfall-gdt-idt-unmapped.elf',
      '--at',
      'cr3',
      'descriptors',
    ]);
    expect(broken.out).toMatch(/\n {2}! IDT base 0xffff8[0-9a-f]+ is not mapped: PML4 entry 256 /);
  });

  it('regions and aliases: the HHDM and every virtual address of a physical one', () => {
    const r = inspect([DEMO, '--at', 'exit', 'regions', 'aliases', '0x100000']);
    expect(r.out).toMatch(
      /^0xffff800000001000-0xffff8000[0-9a-f]+ {2}HHDM, offset 0xffff800000000000, covers 0x1000-0x/,
    );
    expect(r.out).toContain('0x100000: 1 virtual address\n  0xffff800000100000  rw- kernel\n');
    const hello = inspect(['public/kernels/multiboot1-hello.elf', '--at', 'exit', 'regions']);
    expect(hello.out).toMatch(/^0x0-0x40000000 {2}identity map, covers 0x0-0x40000000\n/);
  });

  it('regions: the ELF sections and the loader regions, as the tables map them', () => {
    const r = inspect(['public/kernels/pitfall-stack-guard.elf', '--at', 'exit', 'regions']);
    expect(r.out).toMatch(
      /\n0xffffffff80000000-0xffffffff8[0-9a-f]+ {2}\.text \(section\) {2}r-x kernel\n/,
    );
    expect(r.out).toMatch(
      /\n0xffff8000[0-9a-f]+-0xffff8000[0-9a-f]+ {2}page tables \(page-tables\) {2}rw- kernel\n/,
    );
    const j = JSON.parse(inspect([DEMO, '--at', 'exit', '--json', 'regions']).out);
    const stack = j.views[0].data.named.find((n: { name: string }) => n.name === '.stack');
    expect(stack).toMatchObject({ source: 'section', mappedBytes: 16384, rights: ['rw- kernel'] });
  });

  it("diff CR3: from the loader's tables to the kernel's own", () => {
    const start = JSON.parse(inspect([DEMO, '--at', '1', '--json', 'info', 'registers']).out);
    const loader = start.views[0].data.cr3;
    const r = inspect([DEMO, '--at', 'exit', 'diff', loader]);
    // The loader's HHDM spans 4 GiB, rwx; the kernel's maps the RAM it was told of, rw-.
    expect(r.out).toMatch(
      /^- 0xffff8000[0-9a-f]+-0xffff800100000000 \([\d.]+ MiB\) {2}rwx kernel/m,
    );
    expect(r.out).toMatch(
      /^~ 0xffff800000100000-0xffff8000[0-9a-f]+ .* rwx kernel .* -> {2}rw- kernel/m,
    );
    expect(r.out).toContain('- 0xffffffff8000a000-0xffffffff8000b000 (4 KiB)  rw- kernel'); // the guard
    const end = JSON.parse(inspect([DEMO, '--at', 'exit', '--json', 'info', 'registers']).out);
    const same = inspect([DEMO, '--at', 'exit', 'diff', end.views[0].data.cr3]);
    expect(same.out).toBe('no differences\n');
  });

  it('rejects unknown stops and views', () => {
    expect(() => inspect([DEMO, '--at', 'soon'])).toThrow(/--at takes N \(instruction count\)/);
    expect(() => inspect([DEMO, 'info', 'pic'])).toThrow(CliError);
    expect(() => inspect([DEMO, '--at', 'vector:99'])).toThrow(/vectors 0-31/);
  });
});
