import type { CompiledBlock } from './block-compiler.ts';
import type { Insn } from './decode/insn.ts';

/**
 * A run of decoded instructions starting at one physical address, up to the first one that
 * can change control flow or machine mode, or the end of the 4 KiB page. Blocks are keyed by
 * physical address and decode mode, so a page mapped at two virtual addresses (identity and
 * higher half, as during boot) shares its decoded code; RIP-relative operands and branch
 * targets are computed at run time from the virtual address the block is entered at.
 */
export class Block {
  /** Times run by the interpreter; at HOT_BLOCK_RUNS it is compiled. */
  runs = 0;
  compiled: CompiledBlock | null = null;

  constructor(
    readonly key: number,
    readonly insns: Insn[],
  ) {}
}

/** Runs after which a cached block is compiled: enough to skip code that runs once. */
export const HOT_BLOCK_RUNS = 32;

const FAST_BITS = 12;
const FAST_MASK = (1 << FAST_BITS) - 1;

/** Cache key: physical address and a mode index in the low two bits. */
export function blockKey(phys: number, mode: 16 | 32 | 64): number {
  return phys * 4 + (mode === 64 ? 2 : mode === 32 ? 1 : 0);
}

/**
 * Decoded blocks by physical address. A direct-mapped array answers most lookups; the
 * map holds everything; a per-frame flag tells the memory system which RAM frames hold
 * decoded code, so a write there drops the frame's blocks (self-modifying code, and code
 * the kernel loads itself).
 */
export class BlockCache {
  private readonly fast: (Block | undefined)[] = new Array(FAST_MASK + 1);
  private readonly all = new Map<number, Block>();
  private readonly byFrame = new Map<number, Block[]>();
  /** 1 for each 4 KiB RAM frame that holds decoded code. */
  private readonly codeFrames: Uint8Array;

  /** `ramEnd`: one past the highest physical RAM address (PhysicalMemory.end). */
  constructor(ramEnd: number) {
    this.codeFrames = new Uint8Array(Math.ceil(ramEnd / 4096));
  }

  get(key: number): Block | undefined {
    const f = this.fast[(key >>> 2) & FAST_MASK];
    if (f !== undefined && f.key === key) return f;
    const b = this.all.get(key);
    if (b !== undefined) this.fast[(key >>> 2) & FAST_MASK] = b;
    return b;
  }

  /** Adds a block; returns true when its frame held no code before (its TLB write rights must go). */
  add(block: Block, frame: number): boolean {
    this.all.set(block.key, block);
    this.fast[(block.key >>> 2) & FAST_MASK] = block;
    let list = this.byFrame.get(frame);
    if (!list) this.byFrame.set(frame, (list = []));
    list.push(block);
    const idx = frame / 4096;
    if (idx < this.codeFrames.length && this.codeFrames[idx] === 0) {
      this.codeFrames[idx] = 1;
      return true;
    }
    return false;
  }

  isCodeFrame(frame: number): boolean {
    const idx = frame / 4096;
    return idx < this.codeFrames.length && this.codeFrames[idx] !== 0;
  }

  /** Drops every block decoded from the frame. */
  invalidateFrame(frame: number): void {
    const list = this.byFrame.get(frame);
    if (list) {
      for (const b of list) {
        this.all.delete(b.key);
        const slot = (b.key >>> 2) & FAST_MASK;
        if (this.fast[slot] === b) this.fast[slot] = undefined;
      }
      this.byFrame.delete(frame);
    }
    const idx = frame / 4096;
    if (idx < this.codeFrames.length) this.codeFrames[idx] = 0;
  }

  clear(): void {
    this.fast.fill(undefined);
    this.all.clear();
    this.byFrame.clear();
    this.codeFrames.fill(0);
  }
}
