import type { PhysicalMemory } from '../memory/physical-memory.ts';
import type { PortBus } from '../io-bus.ts';
import { fetchPhys, addLinear, NEED_ALIGNMENT_CHECK } from '../mmu/access.ts';
import { CR4_LA57, EFER_LMA } from '../mmu/paging-bits.ts';
import { raise } from './exec/raise.ts';
import {
  T_RAM,
  T_RAM_W,
  T_R_SUP,
  T_R_USR,
  T_W_SUP,
  T_W_USR,
  T_X_SUP,
  T_X_USR,
  Tlb,
} from '../mmu/tlb.ts';
import { WalkResult } from '../mmu/walker.ts';
import { keyDenyTable } from '../mmu/protection-keys.ts';
import { Block, BlockCache, blockKey, HOT_BLOCK_RUNS } from './block-cache.ts';
import type { Breakpoints } from './breakpoints.ts';
import { compileBlock } from './block-compiler.ts';
import { decode, MAX_INSN_LEN } from './decode/decoder.ts';
import type { Insn } from './decode/insn.ts';
import { F_END } from './decode/opcode-table.ts';
import { DB, GP, GuestFault } from './fault.ts';
import { AC, TF } from './flags.ts';
import { buildMaps, FALLBACKS } from './opcodes.ts';
import { CS, DS } from './registers.ts';
import { MsrStore } from './msrs.ts';
import type { ShutdownRecord } from './interrupts/fault-chain.ts';
import { InterruptState } from './interrupts/interrupt-state.ts';
import { serviceInterrupts } from './interrupts/service.ts';
import { CpuState } from './state.ts';
import type { PagingWatch } from '../watch/paging-watch.ts';

/** Longest block decoded at once; bounds the work a budget check can overshoot by nothing,
 * since blocks are cut to the remaining budget, but keeps decode latency small. */
const MAX_BLOCK = 64;

const MAPS = buildMaps();
/** Scratch for updateKeyRights: what each protection key takes away (one for every CPU). */
const keyDenyScratch = new Int32Array(16);
/** DR6.BS: the #DB came from single-stepping. */
const DR6_BS = 1 << 14;
/** CR0.AM: with RFLAGS.AC at CPL 3, misaligned data accesses raise #AC. */
const CR0_AM = 1 << 18;

/** What a CPU does with an exception raised by an instruction. */
export interface ExceptionSink {
  /** Called with RIP rolled back to the faulting instruction (for faults). */
  exception(c: Cpu, f: GuestFault): void;
}

/**
 * The x86_64 CPU: architectural state plus the machinery that runs it (TLB, block cache,
 * instruction loop). Devices and interrupt controllers live outside and reach it through
 * the memory map, the port bus and the exception sink.
 */
export class Cpu extends CpuState {
  readonly ram: Uint8Array;
  readonly view: DataView;
  readonly tlb = new Tlb();
  readonly blocks: BlockCache;
  readonly fault = new GuestFault();
  readonly walkResult = new WalkResult();
  /** MSRs without a home in CpuState (STAR, LSTAR, KERNEL_GS_BASE, PAT, MTRRs, ...). */
  readonly msrs = new MsrStore();
  /** Scratch for pair-returning helpers: [0] value high dword, [1] address high dword. */
  readonly tmp = new Int32Array(4);
  /** Virtual address of the block being run: RIP-relative operands and branches start here. */
  readonly blockRip = new Int32Array(2);
  /** Instructions retired before the running block (a double: exact up to 2^53). */
  readonly icount = new Float64Array(1);
  /** Index of the running instruction in its block: now() is exact mid-block. */
  pos = 0;
  /** Physical address of the running block's first instruction. */
  blockPhys = 0;
  /** TLB rights the fast paths require for reads, writes and fetches at the current CPL. */
  needR = T_R_SUP | T_RAM;
  needW = T_W_SUP | T_RAM_W;
  needX = T_X_SUP | T_RAM;
  /** Segment of the memory access in progress (#SS vs #GP for non-canonical addresses). */
  seg = DS;
  /** Set by anything that must end the running block early (code written, state changed). */
  exitBlock = false;
  /**
   * The running block ends early only because the run's caller stopped it (Machine.stop),
   * not the guest (endBlock): the rest of it is left for the next run to go on with.
   */
  callerCut = false;
  /**
   * Instructions left of a block the caller cut short (its budget, a breakpoint, a stop),
   * and the physical address of the first: the next run goes on with them before it looks
   * up a new block, as an uncut run would have. A block starts with a TLB lookup of RIP,
   * which can evict another entry: starting one where the caller happened to stop would
   * let how runs are sliced decide what the guest sees (a stale translation, or not).
   */
  blockLeft = 0;
  blockLeftPhys = 0;
  /** RIP where the rest starts: a RIP set from outside between runs drops the rest. */
  blockLeftRipLo = 0;
  blockLeftRipHi = 0;
  halted = false;
  /** Set to stop run() after the current block (debugger stop, fatal error). */
  stopRequested = false;
  /** Set (with exitBlock) to end run() after the running instruction without stopping the
   * machine: a timer deadline moved inside the slice, or a device asked for a stop. */
  yieldRequested = false;
  /** Set by anything that needs run() to look before the next block: an interrupt request,
   * a stop. Compiled loops check it between passes. */
  attention = false;
  /** Interrupt inputs (NMI, INTR, a controller), the sti / mov ss shadow, delivery scratch. */
  readonly interrupts = new InterruptState(this);
  /** Set when a triple fault stopped the machine: the chain of events that led to it. */
  shutdown: ShutdownRecord | null = null;
  /** Runs after which a cached block is compiled (1: at once, as the tests of compiled code want). */
  hotBlockRuns = HOT_BLOCK_RUNS;
  /** Instructions retired by the full passes of a looping compiled block (see block-compiler.ts). */
  loopRetired = 0;
  sink: ExceptionSink;
  /** The paging watch (core/watch/paging-watch.ts) while one is attached: slow paths call it. */
  watch: PagingWatch | null = null;
  /** Instruction breakpoints (breakpoints.ts) while a debugger sets any: looked at once a block. */
  breakpoints: Breakpoints | null = null;
  private readonly crossBuf = new Uint8Array(MAX_INSN_LEN);

  constructor(
    readonly mem: PhysicalMemory,
    readonly io: PortBus,
    sink: ExceptionSink,
  ) {
    super();
    this.ram = mem.ram;
    this.view = mem.view;
    this.blocks = new BlockCache(mem.end);
    this.sink = sink;
  }

  /**
   * Guest time: the number of instructions retired before the one running now. Every
   * clock the guest can see (TSC, PIT, LAPIC timer, RTC) derives from it, so a run is the
   * same however the host slices it.
   */
  now(): number {
    return this.icount[0] + this.pos;
  }

  /** Recomputes the decode mode from CR0.PE, EFER.LMA and the CS descriptor's L and D bits. */
  updateMode(): void {
    const attr = this.segAttr[CS];
    if ((this.cr0 & 1) === 0) this.mode = 16;
    else if ((this.efer & EFER_LMA) !== 0 && (attr & (1 << 21)) !== 0) this.mode = 64;
    else this.mode = (attr & (1 << 22)) !== 0 ? 32 : 16;
  }

  /** Recomputes the TLB rights the fast paths need after a change of CPL, CR0.AM or
   * RFLAGS.AC (alignment checking sends data accesses to the slow paths). */
  updateAccessRights(): void {
    const user = this.cpl === 3;
    const align =
      user && (this.cr0 & CR0_AM) !== 0 && (this.flags & AC) !== 0 ? NEED_ALIGNMENT_CHECK : 0;
    this.needR = (user ? T_R_USR : T_R_SUP) | T_RAM | align;
    this.needW = (user ? T_W_USR : T_W_SUP) | T_RAM_W | align;
    this.needX = (user ? T_X_USR : T_X_SUP) | T_RAM;
    // Every write of CR0, CR4 and EFER passes here: the paging watch sees EFER changes so.
    if (this.watch !== null) this.watch.rightsUpdated(this);
  }

  /**
   * After a change of PKRU, CR4.PKE or CR0.WP: every TLB entry of a user page with a key gets
   * the rights the key leaves it now. Entries stay (WRPKRU flushes nothing on a CPU, which
   * applies PKRU at each access to the key its TLB entry holds).
   */
  updateKeyRights(): void {
    keyDenyTable(this.cr0, this.cr4, this.pkru, keyDenyScratch);
    this.tlb.applyKeys(keyDenyScratch);
  }

  /** A write hit a frame with decoded code: drop its blocks and leave the running block. */
  invalidateCode(frame: number): void {
    this.blocks.invalidateFrame(frame);
    this.endBlock();
  }

  /** The guest's doing ends the running block after the running instruction. */
  endBlock(): void {
    this.exitBlock = true;
    this.callerCut = false;
  }

  /** The run's caller stops the running block after the running instruction (see callerCut). */
  cutBlock(): void {
    if (!this.exitBlock) this.callerCut = true;
    this.exitBlock = true;
  }

  /** Sets RIP to the instruction after i (for block-ending handlers that fall through). */
  ripAfter(i: Insn): void {
    const lo = addLinear(this, this.blockRip[0], this.blockRip[1], i.start + i.len);
    this.rip[0] = lo;
    this.rip[1] = this.tmp[1];
  }

  /** The block-relative offset `rel` as an address, wrapped to the operand size: returns lo,
   * hi in tmp[1]. */
  branchTarget(rel: number, osize: number): number {
    const lo = addLinear(this, this.blockRip[0], this.blockRip[1], rel);
    if (this.mode === 64 && osize === 8) return lo;
    this.tmp[1] = 0;
    return osize === 2 ? lo & 0xffff : lo;
  }

  /** A branch to a non-canonical address faults on the branch itself with #GP(0), before
   * anything of it happens (no push, no RIP change), as the CPU does. */
  checkBranchTarget(lo: number, hi: number): void {
    if (this.mode !== 64) return;
    const shift = (this.cr4 & CR4_LA57) !== 0 ? 7 : 16;
    if ((hi << shift) >> shift !== hi) raise(this, GP, 0, 'branch to a non-canonical address');
    void lo;
  }

  /** Sets RIP to a branch target after the canonical check. */
  jumpTo(lo: number, hi: number): void {
    this.checkBranchTarget(lo, hi);
    this.rip[0] = lo;
    this.rip[1] = hi;
  }

  /** Sets RIP to the block-relative offset `rel` (relative branches). */
  ripToOffset(rel: number, osize: number): void {
    const lo = this.branchTarget(rel, osize);
    this.jumpTo(lo, this.tmp[1]);
  }

  /**
   * Runs up to `budget` instructions; returns how many retired. Stops early on hlt, a stop
   * request, or when the exception sink stops the machine; returns early too when an
   * interrupt waits out an interrupt shadow (it is then taken at the next call). `resumable`:
   * the budget ends where the caller chose, not at a machine event; a block cut there is
   * finished by the next run (blockLeft).
   */
  run(budget: number, resumable = false): number {
    let done = 0;
    this.yieldRequested = false;
    while (done < budget && !this.stopRequested && !this.yieldRequested) {
      const left =
        this.blockLeft !== 0 &&
        this.rip[0] === this.blockLeftRipLo &&
        this.rip[1] === this.blockLeftRipHi
          ? this.blockLeft
          : 0;
      this.blockLeft = 0;
      // Between blocks: NMI and external interrupts, hlt wake-up, the sti / mov ss shadow.
      // The rest of a cut block is still inside one: an uncut run would not look here.
      if (left === 0 && this.attention) budget = serviceInterrupts(this, done, budget);
      if (this.halted || this.stopRequested) break;
      let block: Block;
      try {
        block = this.blockAt(left);
      } catch (e) {
        if (e !== this.fault) throw e;
        this.sink.exception(this, this.fault);
        continue;
      }
      const insns = block.insns;
      // RFLAGS.TF: one instruction at a time, each followed by a single-step #DB trap.
      const singleStep = (this.flags & TF) !== 0;
      const end = left === 0 || left > insns.length ? insns.length : left;
      const byBudget = Math.min(end, budget - done);
      let n = singleStep ? 1 : byBudget;
      const breaks = this.breakpoints;
      if (breaks !== null) {
        n = breaks.limit(insns, n, this.rip[0], this.rip[1], this.now());
        if (n === 0) {
          this.stopRequested = true;
          this.keepRest(block, 0, end);
          break;
        }
      }
      const base = this.blockRip;
      base[0] = this.rip[0];
      base[1] = this.rip[1];
      this.exitBlock = false;
      this.callerCut = false;
      let k = 0;
      try {
        if (block.compiled === null && ++block.runs === this.hotBlockRuns && block.key >= 0)
          block.compiled = compileBlock(block);
        const compiled = block.compiled;
        if (compiled !== null && n === insns.length && !singleStep && breaks === null) {
          this.loopRetired = 0;
          k = compiled(this, budget - done);
          done += this.loopRetired;
          this.loopRetired = 0;
        } else {
          while (k < n) {
            const ins = insns[k];
            this.pos = k;
            ins.exec(this, ins);
            k++;
            if (this.exitBlock) break;
          }
        }
      } catch (e) {
        if (e !== this.fault) throw e;
        // A fault: the instructions before it retired, it did not; RIP names it. Full
        // passes of a compiled loop before the faulting one are already counted.
        done += this.loopRetired;
        this.loopRetired = 0;
        k = this.pos;
        done += k;
        this.icount[0] += k;
        this.pos = 0;
        if (this.fault.inNewTask) this.fault.inNewTask = false;
        else {
          const lo = addLinear(this, base[0], base[1], insns[k].start);
          this.rip[0] = lo;
          this.rip[1] = this.tmp[1];
        }
        this.sink.exception(this, this.fault);
        continue;
      }
      done += k;
      this.icount[0] += k;
      this.pos = 0;
      const last = insns[k - 1];
      if ((last.entry.flags & F_END) === 0) this.ripAfter(last);
      if (singleStep) this.singleStepTrap();
      // Cut short by the caller (a stop, a breakpoint, or its budget): the rest is kept.
      else if (k < end && (this.exitBlock ? this.callerCut : k < byBudget || resumable))
        this.keepRest(block, k, end);
    }
    return done;
  }

  /** Leaves instructions [k, end) of `block` for the next run (blockLeft). */
  private keepRest(block: Block, k: number, end: number): void {
    this.blockLeft = end - k;
    this.blockLeftPhys = this.blockPhys + block.insns[k].start;
    this.blockLeftRipLo = this.rip[0];
    this.blockLeftRipHi = this.rip[1];
  }

  /** The #DB trap after an instruction that ran with TF set: DR6.BS, RIP already past it. */
  private singleStepTrap(): void {
    this.dr[12] |= DR6_BS;
    const f = this.fault;
    f.vector = DB;
    f.errorCode = 0;
    f.hasErrorCode = false;
    f.detail = 'single step (RFLAGS.TF)';
    this.sink.exception(this, f);
  }

  /**
   * The decoded block at RIP: from the cache, or decoded now. Throws fetch faults. `left`:
   * the rest of a cut block comes next, at blockLeftPhys, already looked up.
   */
  private blockAt(left: number): Block {
    // Fetches are linear CS.base + RIP; only 64-bit mode ignores the base.
    const lo = this.mode === 64 ? this.rip[0] : (this.rip[0] + this.segBaseLo[CS]) | 0;
    const hi = this.mode === 64 ? this.rip[1] : 0;
    this.seg = CS;
    const phys = left === 0 ? fetchPhys(this, lo, hi) : this.blockLeftPhys;
    // Taken: zero, so machine states that differ in nothing else hash the same.
    this.blockLeftPhys = this.blockLeftRipLo = this.blockLeftRipHi = 0;
    this.blockPhys = phys;
    const key = blockKey(phys, this.mode);
    const cached = this.blocks.get(key);
    if (cached !== undefined) return cached;
    return this.decodeBlock(phys, key, lo, hi);
  }

  private decodeBlock(phys: number, key: number, lo: number, hi: number): Block {
    const frame = phys - (phys % 4096);
    const inRam = frame + 4096 <= this.mem.size;
    const insns: Insn[] = [];
    let off = 0;
    const pageLeft = 4096 - (phys % 4096);
    if (inRam) {
      while (insns.length < MAX_BLOCK && off < pageLeft) {
        const ins = decode(MAPS, FALLBACKS, this.mode, this.ram, phys + off, pageLeft - off);
        if (ins === null) break;
        this.place(ins, off);
        insns.push(ins);
        off += ins.len;
        if ((ins.entry.flags & F_END) !== 0) break;
      }
    }
    if (insns.length === 0) {
      // The first instruction crosses into the next page (or lives outside RAM): gather its
      // bytes through the MMU, faulting as the CPU would, and run it uncached.
      const ins = this.decodeGathered(lo, hi);
      this.place(ins, 0);
      return new Block(-1, [ins]);
    }
    const block = new Block(key, insns);
    if (this.blocks.add(block, frame)) this.tlb.revokeDirectWrites(frame);
    return block;
  }

  private place(ins: Insn, start: number): void {
    ins.start = start;
    if (ins.base === -2) ins.disp += start + ins.len;
  }

  private decodeGathered(lo: number, hi: number): Insn {
    const buf = this.crossBuf;
    let n = 0;
    for (;;) {
      const a = addLinear(this, lo, hi, n);
      const p = fetchPhys(this, a, this.tmp[1]);
      buf[n] = this.mem.read(p, 1);
      n++;
      const ins = decode(MAPS, FALLBACKS, this.mode, buf, 0, n);
      if (ins !== null) return ins;
    }
  }
}
