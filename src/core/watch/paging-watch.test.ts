import { describe, expect, it } from 'vitest';
import { createBareCpu } from '../cpu/bare-cpu.ts';
import type { Cpu } from '../cpu/cpu.ts';
import { GuestExceptionSink } from '../cpu/interrupts/deliver.ts';
import { RAX, RBX, RCX, RSP } from '../cpu/registers.ts';
import type { ControlWrite, ExceptionRaised, StaleTranslation, WatchEvent } from './events.ts';
import { PagingWatch } from './paging-watch.ts';

const CODE = 0x100000;
/** bare-cpu.ts's identity map over 16 MiB: PML4 at 0x1000, PTs from 0x4000. */
const PML4 = 0x1000;
const pteOf = (va: number) => 0x4000 + (va / 4096) * 8;
const WINDOW = 0x400000;
const FRAME_B = 0x401000;

const d32 = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
const movRaxAbs = (a: number) => [0x48, 0x8b, 0x04, 0x25, ...d32(a)];
const movRbxAbs = (a: number) => [0x48, 0x8b, 0x1c, 0x25, ...d32(a)];
const movRcxAbs = (a: number) => [0x48, 0x8b, 0x0c, 0x25, ...d32(a)];
const movDwordAbs = (a: number, v: number) => [0xc7, 0x04, 0x25, ...d32(a), ...d32(v)];
const invlpgAbs = (a: number) => [0x0f, 0x01, 0x3c, 0x25, ...d32(a)];
const movRaxImm = (lo: number, hi: number) => [0x48, 0xb8, ...d32(lo), ...d32(hi)];
const MOV_CR3_RAX = [0x0f, 0x22, 0xd8];
const HLT = [0xf4];

/** A 64-bit CPU with identity paging and `code` at CODE; optionally watched. */
function machine(code: number[], watched: boolean) {
  const cpu = createBareCpu(64, 16 << 20, new GuestExceptionSink());
  cpu.mem.ram.set(code, CODE);
  cpu.rip[0] = CODE;
  cpu.gpr[RSP << 1] = 0x80000;
  const watch = new PagingWatch();
  const events: WatchEvent[] = [];
  if (watched) {
    watch.attach(cpu);
    watch.listen((e) => events.push(e));
  }
  return { cpu, watch, events };
}

const reg = (c: Cpu, r: number) => c.gpr[r << 1];

/** Reads the window (frame A), points its PTE at frame B, reads again, invlpg, reads again. */
const STALE = [
  ...movRaxAbs(WINDOW),
  ...movDwordAbs(pteOf(WINDOW), FRAME_B | 3),
  ...movRbxAbs(WINDOW),
  ...invlpgAbs(WINDOW),
  ...movRcxAbs(WINDOW),
  ...HLT,
];

function staleRun(watched: boolean) {
  const m = machine(STALE, watched);
  m.cpu.mem.view.setUint32(WINDOW, 0xaaaa, true);
  m.cpu.mem.view.setUint32(FRAME_B, 0xbbbb, true);
  m.cpu.run(100);
  return m;
}

describe('PagingWatch', () => {
  it('stale translation: the guest still reads the old frame, and the watch names the write', () => {
    const plain = staleRun(false);
    const watched = staleRun(true);
    for (const { cpu } of [plain, watched]) {
      expect(reg(cpu, RAX)).toBe(0xaaaa);
      expect(reg(cpu, RBX)).toBe(0xaaaa); // stale, as on a CPU
      expect(reg(cpu, RCX)).toBe(0xbbbb); // after invlpg
    }
    expect(watched.cpu.now()).toBe(plain.cpu.now());
    expect(Buffer.compare(watched.cpu.mem.ram, plain.cpu.mem.ram)).toBe(0);
    const stale = watched.events.filter(
      (e) => e.kind === 'stale-translation',
    ) as StaleTranslation[];
    expect(stale).toHaveLength(1);
    expect(stale[0]).toMatchObject({
      at: 2,
      rip: BigInt(CODE + 19),
      va: BigInt(WINDOW),
      access: 'read',
      cachedPhys: BigInt(WINDOW),
      current: { phys: BigInt(FRAME_B) },
      entryAddress: pteOf(WINDOW),
      writeAt: 1,
      writeRip: BigInt(CODE + 8),
    });
    const write = watched.events.find((e) => e.kind === 'table-write');
    expect(write).toMatchObject({ entryAddress: pteOf(WINDOW), complete: false, level: 1 });
  });

  it('changes nothing in a hot loop (compiled blocks) and reports each stale use once', () => {
    const body = [
      ...movRaxAbs(WINDOW),
      ...movDwordAbs(pteOf(WINDOW), FRAME_B | 3),
      ...movRbxAbs(WINDOW),
      ...movDwordAbs(pteOf(WINDOW), WINDOW | 3),
      ...[0x48, 0x01, 0xda], // add rdx, rbx
      ...[0xff, 0xc9], // dec ecx
    ];
    const loop = [0xb9, ...d32(100), ...body, 0x75, -(body.length + 2) & 0xff, ...HLT];
    const runs = [false, true].map((watched) => {
      const m = machine(loop, watched);
      m.cpu.mem.view.setUint32(WINDOW, 3, true);
      m.cpu.run(10_000);
      return m;
    });
    expect(reg(runs[0].cpu, 2)).toBe(300); // rdx: 100 stale reads of frame A
    expect(reg(runs[1].cpu, 2)).toBe(300);
    expect(runs[1].cpu.now()).toBe(runs[0].cpu.now());
    expect(runs[1].events.filter((e) => e.kind === 'stale-translation')).toHaveLength(100);
  });

  it('a PTE changed and invalidated before its next use is no stale translation', () => {
    const m = machine(
      [
        ...movRaxAbs(WINDOW),
        ...movDwordAbs(pteOf(WINDOW), FRAME_B | 3),
        ...invlpgAbs(WINDOW),
        ...movRbxAbs(WINDOW),
        ...HLT,
      ],
      true,
    );
    m.cpu.run(100);
    expect(m.events.some((e) => e.kind === 'stale-translation')).toBe(false);
  });

  it('attached to a CPU whose TLB it did not see filled, it still tells a stale use', () => {
    // Unwatched: reads the window and rewrites its PTE unchanged (both TLB entries filled,
    // the PTE's page with direct writes). Watched from then on: repoints the PTE, reads.
    const m = machine(
      [
        ...movRaxAbs(WINDOW),
        ...movDwordAbs(pteOf(WINDOW), WINDOW | 3),
        ...movDwordAbs(pteOf(WINDOW), FRAME_B | 3),
        ...movRbxAbs(WINDOW),
        ...HLT,
      ],
      false,
    );
    m.cpu.mem.view.setUint32(WINDOW, 0xaaaa, true);
    m.cpu.run(2);
    m.watch.attach(m.cpu);
    m.watch.listen((e) => m.events.push(e));
    m.cpu.run(100);
    expect(reg(m.cpu, RBX)).toBe(0xaaaa);
    expect(m.events.map((e) => e.kind)).toEqual(['table-write', 'stale-translation']);
    expect(m.events[1]).toMatchObject({ va: BigInt(WINDOW), entryAddress: pteOf(WINDOW) });
  });

  it('reports stores into a table handed to it before any walk reads the table', () => {
    const code = [...movDwordAbs(pteOf(WINDOW), FRAME_B | 3), ...HLT];
    const plain = machine(code, true);
    plain.cpu.run(100);
    expect(plain.events).toEqual([]); // the window's PT was never walked
    const told = machine(code, true);
    told.watch.watchTables([pteOf(WINDOW) & ~0xfff], [1], 1);
    told.cpu.run(100);
    expect(told.events).toMatchObject([
      { kind: 'table-write', entryAddress: pteOf(WINDOW), level: 1, after: BigInt(FRAME_B | 3) },
    ]);
  });

  it('takes direct writes away from TLB entries already mapping a table handed to it', () => {
    // The PT's page is written (unchanged) through the TLB first: its entry writes direct.
    const m = machine(
      [
        ...movDwordAbs(pteOf(WINDOW), WINDOW | 3),
        ...movDwordAbs(pteOf(WINDOW), WINDOW | 3),
        ...movDwordAbs(pteOf(WINDOW), FRAME_B | 3),
        ...HLT,
      ],
      true,
    );
    m.cpu.run(2);
    m.watch.watchTables([pteOf(WINDOW) & ~0xfff], [1], 1);
    m.cpu.run(100);
    expect(m.events).toMatchObject([{ kind: 'table-write', after: BigInt(FRAME_B | 3) }]);
  });

  it('records a CR3 load with the old and new values, its RIP and the next one', () => {
    const m = machine([...movRaxImm(0x500000, 0), ...MOV_CR3_RAX, ...HLT], true);
    m.cpu.mem.ram.copyWithin(0x500000, PML4, PML4 + 4096);
    m.cpu.pkru = 0xc; // key 1: no access (a walk from the snapshot applies it with CR4.PKE)
    m.cpu.run(100);
    const e = m.events.find((x) => x.kind === 'control') as ControlWrite;
    expect(e.before.pkru).toBe(0xc);
    expect(e).toMatchObject({
      reg: 'cr3',
      at: 1,
      rip: BigInt(CODE + 10),
      nextRip: BigInt(CODE + 13),
    });
    expect(e.before.cr3).toBe(BigInt(PML4));
    expect(e.after.cr3).toBe(0x500000n);
  });

  it('records a refused CR3 load (bits above MAXPHYADDR) and the #GP it raised', () => {
    const m = machine([...movRaxImm(0x1000, 0xffff8000), ...MOV_CR3_RAX, ...HLT], true);
    m.cpu.run(100);
    expect(m.events[0]).toMatchObject({
      kind: 'control-refused',
      reg: 'cr3',
      value: 0xffff800000001000n,
      vector: 13,
    });
    expect(m.events[1]).toMatchObject({ kind: 'exception', vector: 13, rip: BigInt(CODE + 10) });
  });

  it('records an EFER write at the wrmsr, found mid-block', () => {
    const clearNxe = [0xb9, ...d32(0xc0000080), 0x0f, 0x32, 0x25, ...d32(~0x800), 0x0f, 0x30];
    const m = machine([0x90, ...clearNxe, ...HLT], true);
    m.cpu.run(100);
    const e = m.events[0] as ControlWrite;
    expect(e).toMatchObject({
      kind: 'control',
      reg: 'efer',
      at: 4,
      rip: BigInt(CODE + 13),
      nextRip: null,
    });
    expect(e.before.efer & 0x800).toBe(0x800);
    expect(e.after.efer & 0x800).toBe(0);
  });

  it('records a page fault with its error code and CR2, and the faults delivering it raised', () => {
    const m = machine([...movRaxAbs(0x10), ...HLT], true);
    m.cpu.run(100);
    const ex = m.events.filter((e) => e.kind === 'exception') as ExceptionRaised[];
    expect(ex[0]).toMatchObject({
      vector: 14,
      errorCode: 0,
      cr2: 0x10n,
      rip: BigInt(CODE),
      duringDelivery: false,
    });
    // No IDT: delivering the #PF raises #GP (IDT limit), then #DF, then the shutdown.
    expect(ex.slice(1).map((e) => [e.name, e.duringDelivery])).toEqual([['#DF', true]]);
    expect(m.cpu.shutdown).not.toBeNull();
  });

  it('detached, it sees nothing and the CPU has its own sink back', () => {
    const m = machine(STALE, true);
    const sink = m.cpu.sink;
    m.watch.detach();
    expect(m.cpu.watch).toBeNull();
    expect(m.cpu.sink).not.toBe(sink);
    m.cpu.run(100);
    expect(m.events).toHaveLength(0);
    expect(m.cpu.halted).toBe(true);
  });
});
