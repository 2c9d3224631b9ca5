import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PUBLIC_KERNELS } from '../../tests/kernels/paths.ts';
import { MAP_NO_EXECUTE, MAP_USER, MAP_WRITABLE } from './inspector-views.ts';
import { inspector } from './inspector.ts';
import { screenKernel, SCREEN_KERNEL_ROWS } from './screen-test-kernel.ts';
import { createEngine } from './session-engine.ts';
import type { SessionEngine } from './session-engine.ts';

function bootDemo(): SessionEngine {
  const name = 'demo-limine.elf';
  const r = createEngine(new Uint8Array(readFileSync(join(PUBLIC_KERNELS, name))), {
    imageName: name,
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.engine;
}

function runToEnd(e: SessionEngine): void {
  for (let i = 0; i < 500; i++) if (e.run(100_000)) break;
}

describe('inspector views of the demo kernel', () => {
  it('memory_by_virtual_address_reads_the_kernel_through_the_page_tables', () => {
    const e = bootDemo();
    runToEnd(e);
    // The demo's text: objdump shows `8b 05 fa 4f 00 00` at ffffffff80000000.
    const v = inspector.memory(e, { address: '0xffffffff80000000', space: 'virtual', length: 64 });
    expect([...v.bytes.subarray(0, 6)]).toEqual([0x8b, 0x05, 0xfa, 0x4f, 0x00, 0x00]);
    expect(v.spans).toEqual([
      { offset: 0, length: 64, readable: true, physical: '0xffcb000', why: '' },
    ]);
    // The same bytes by physical address.
    const p = inspector.memory(e, { address: '0xffcb000', space: 'physical', length: 16 });
    expect([...p.bytes.subarray(0, 6)]).toEqual([...v.bytes.subarray(0, 6)]);
  });

  it('memory_on_an_unmapped_page_says_why_instead_of_bytes', () => {
    const e = bootDemo();
    runToEnd(e);
    // The stack's guard page, then the stack.
    const v = inspector.memory(e, { address: 'ffffffff8000a000', space: 'virtual', length: 4096 });
    expect(v.spans[0].readable).toBe(false);
    expect(v.spans[0].why).toMatch(/not present/);
    expect(
      inspector.memory(e, { address: 'nonsense!', space: 'virtual', length: 16 }).inputError,
    ).toMatch(/not a hex address/);
  });

  it('memory_past_the_end_of_ram_is_not_read', () => {
    const e = bootDemo();
    // The framebuffer is MMIO: reading a device could change it, so the view does not.
    const v = inspector.memory(e, { address: '0xfd000000', space: 'physical', length: 32 });
    expect(v.spans).toEqual([
      {
        offset: 0,
        length: 32,
        readable: false,
        physical: null,
        why: expect.stringMatching(/not RAM/),
      },
    ]);
    expect([...v.bytes]).toEqual(new Array(32).fill(0));
  });

  it('disassembly_follows_rip_and_marks_it', () => {
    const e = bootDemo();
    const d = inspector.disassemble(e, { address: null, count: 8 });
    const current = d.lines.filter((l) => l.current);
    expect(current).toHaveLength(1);
    expect(current[0].address).toBe(d.rip);
    expect(d.mode).toBe(64);
  });

  it('disassembly_at_a_symbol_names_call_targets', () => {
    const e = bootDemo();
    const d = inspector.disassemble(e, { address: 'on_timer', count: 8 });
    expect(d.lines[0].label).toBe('on_timer');
    expect(d.lines[0].mnemonic).toBe('sub');
    expect(d.lines[0].operands).toBe('rsp,0x8');
    expect(d.lines[1].comment).toBe('ffffffff80005004 <ticks>');
    expect(d.lines.find((l) => l.mnemonic === 'call')?.operands).toBe('ffffffff80000380 <kprintf>');
  });

  it('the_address_map_has_the_kernel_text_as_kernel_read_only_executable', () => {
    const e = bootDemo();
    runToEnd(e);
    const m = inspector.addressMap(e);
    expect(m.mode).toBe('4-level');
    expect(m.bits).toBe(48);
    // 0xffffffff80000000 with the hole taken out: 2^48 - 2^31.
    const text = 2 ** 48 - 2 ** 31;
    const k = m.ranges.lo.indexOf(text);
    expect(k).toBeGreaterThanOrEqual(0);
    expect(m.ranges.flags[k] & (MAP_USER | MAP_WRITABLE | MAP_NO_EXECUTE)).toBe(0);
    expect(m.regions.some((r) => r.kind === 'hhdm' && r.lo === 2 ** 47)).toBe(true);
    const kmain = m.symbols.find((s) => s.name === 'kmain');
    expect(kmain?.kind).toBe('func');
    // kmain is at 0xffffffff80000070 (objdump).
    expect(kmain?.lo).toBe(text + 0x70);
    // The kernel's sections are named where it runs: .text from the first kernel page.
    expect(m.regions.find((r) => r.kind === 'section' && r.name === '.text')?.lo).toBe(text);
  });

  it('the_screen_has_the_vga_text_mode_and_no_framebuffer_by_default', () => {
    const e = bootDemo();
    const s = inspector.screen(e, true);
    expect(s.text?.cols).toBe(80);
    expect(s.text?.rows).toBe(25);
    expect(s.framebuffer).toBeNull();
  });
});

describe('inspector screen of a kernel that draws', () => {
  it('the_framebuffer_rows_it_painted_and_the_text_it_wrote_show', () => {
    const r = createEngine(screenKernel(), { imageName: 'screen.elf', framebuffer: true });
    if (!r.ok) throw new Error(r.error.message);
    r.engine.run(200_000);
    const s = inspector.screen(r.engine, true);
    expect(s.text?.text.startsWith('HI')).toBe(true);
    expect(s.text?.attrs[0]).toBe(0x1f);
    const rows = s.framebuffer?.rows;
    expect(rows).toMatchObject({ width: 1024, height: 768, top: 0, bottom: 768 });
    // RGBA of the first pixel and of the first unpainted row.
    expect([...rows!.rgba.subarray(0, 4)]).toEqual([0xff, 0x88, 0x00, 0xff]);
    const below = SCREEN_KERNEL_ROWS * 1024 * 4;
    expect([...rows!.rgba.subarray(below, below + 4)]).toEqual([0, 0, 0, 0xff]);
    // Nothing changed since: no rows the next time.
    expect(inspector.screen(r.engine, false).framebuffer?.rows).toBeNull();
    // It drew on the framebuffer, so that is the screen to show.
    expect(s.framebuffer?.drawn).toBe(true);
  });

  it('a_kernel_that_never_draws_on_the_framebuffer_is_shown_on_its_text_screen', () => {
    const image = readFileSync(join(PUBLIC_KERNELS, 'multiboot1-hello.elf'));
    const r = createEngine(image, { imageName: 'multiboot1-hello.elf', framebuffer: true });
    if (!r.ok) throw new Error(r.error.message);
    r.engine.run(2_000_000);
    expect(inspector.screen(r.engine, true).framebuffer?.drawn).toBe(false);
  });
});
