import { buildElf } from '../src/boot/test-helpers/elf-builder.ts';
import { baseRevisionTag } from '../src/boot/test-helpers/headers.ts';
import { inspector } from '../src/engine/inspector.ts';
import { createEngine } from '../src/engine/session-engine.ts';
import type { SessionEngine } from '../src/engine/session-engine.ts';

const KERNEL = 0xffffffff80000000n;

/**
 * A Limine kernel that loops forever over registers and its stack (in the HHDM, as Limine
 * hands it over): a guest that keeps running while the panels refresh.
 */
function loopingKernel(): Uint8Array {
  // prettier-ignore
  const code = new Uint8Array([
    0x48, 0x01, 0xd8, // add rax, rbx
    0x48, 0x31, 0xc2, // xor rdx, rax
    0x48, 0x81, 0xc6, 0x34, 0x12, 0x00, 0x00, // add rsi, 0x1234
    0x48, 0x89, 0x44, 0x24, 0xf8, // mov [rsp-8], rax
    0x48, 0x8b, 0x5c, 0x24, 0xf8, // mov rbx, [rsp-8]
    0xeb, 0xe7, // jmp to the top
  ]);
  return buildElf({
    class: 64,
    entry: KERNEL,
    segments: [
      { vaddr: KERNEL, data: code, flags: 5 },
      { vaddr: KERNEL + 0x1000n, data: baseRevisionTag(2n), flags: 6 },
    ],
  });
}

/** What the open panels ask of the engine at each refresh: the pushed views and every inspector. */
function refresh(e: SessionEngine): void {
  e.views({ address: '0xffffffff80000000', access: 'read', cpl: 0 }, []);
  inspector.addressMap(e);
  inspector.disassemble(e, { address: null, count: 48 });
  inspector.memory(e, { address: '0xffffffff80000000', space: 'virtual', length: 1024 });
  inspector.screen(e, false);
}

const cpuSeconds = (t0: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(t0);
  return (u.user + u.system) / 1e6;
};

/**
 * Runs the guest for `seconds` of process CPU time in the worker's slices (50k instructions),
 * refreshing the panels every 100 ms of it when `withViews`. Returns guest MIPS and what the
 * refreshes took.
 */
function measure(e: SessionEngine, seconds: number, withViews: boolean) {
  const t0 = process.cpuUsage();
  const start = e.status('running').retired;
  let nextRefresh = 0.1;
  let refreshes = 0;
  let refreshSeconds = 0;
  for (let t = 0; t < seconds; t = cpuSeconds(t0)) {
    e.run(50_000);
    if (withViews && t >= nextRefresh) {
      const r0 = process.cpuUsage();
      refresh(e);
      refreshSeconds += cpuSeconds(r0);
      refreshes++;
      nextRefresh += 0.1;
    }
  }
  const used = cpuSeconds(t0);
  return {
    mips: (e.status('running').retired - start) / used / 1e6,
    refreshes,
    msPerRefresh: refreshes ? (refreshSeconds * 1000) / refreshes : 0,
  };
}

export interface RefreshCostResult {
  mipsWithout: number;
  mipsWith: number;
  /** Fraction of guest speed lost to refreshing at 10 Hz. */
  cost: number;
  msPerRefresh: number;
}

/**
 * The panels' refresh cost while the guest runs: guest MIPS with the engine producing every
 * panel's view ten times a second against none, alternating the two so drift cancels out.
 */
export function refreshCost(quick: boolean): RefreshCostResult {
  const booted = createEngine(loopingKernel(), { imageName: 'loop.elf', framebuffer: true });
  if (!booted.ok) throw new Error(booted.error.message);
  const e = booted.engine;
  const seconds = quick ? 0.5 : 2;
  measure(e, 0.3, true); // warm-up: compile the blocks, the views' code paths
  const without: number[] = [];
  const withViews: { mips: number; msPerRefresh: number }[] = [];
  for (let round = 0; round < 2; round++) {
    without.push(measure(e, seconds, false).mips);
    withViews.push(measure(e, seconds, true));
  }
  if (e.stop) throw new Error(`the looping kernel stopped: ${e.stop.message}`);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const mipsWithout = mean(without);
  const mipsWith = mean(withViews.map((w) => w.mips));
  return {
    mipsWithout,
    mipsWith,
    cost: 1 - mipsWith / mipsWithout,
    msPerRefresh: mean(withViews.map((w) => w.msPerRefresh)),
  };
}

export function formatRefreshCost(r: RefreshCostResult): string {
  return [
    'panel refresh while running (Limine loop kernel, every panel refreshed at 10 Hz):',
    `  guest ${r.mipsWithout.toFixed(1)} MIPS without views, ${r.mipsWith.toFixed(1)} MIPS with`,
    `  cost ${(r.cost * 100).toFixed(1)}% (target under 10%), ${r.msPerRefresh.toFixed(2)} ms a refresh`,
  ].join('\n');
}
