/** One IDT gate, decoded (SDM Vol. 3, 6.11 and 6.14.1). */
export interface Gate {
  vector: number;
  /** 8 bytes (protected mode) or 16 (long mode). */
  raw: bigint;
  present: boolean;
  type: number;
  kind: 'interrupt' | 'trap' | 'task' | 'call' | 'reserved';
  /** 16 or 32 for protected-mode gates by their type, 64 for long-mode gates. */
  bits: 16 | 32 | 64;
  /** The code segment of the handler (the TSS for a task gate). */
  selector: number;
  /** The handler's offset in that segment (unused by task gates). */
  offset: bigint;
  /** Long mode: the IST the handler's stack comes from (0: none). */
  ist: number;
  dpl: number;
}

/** Decodes a gate's 8 or 16 bytes; what is valid in which mode is for the caller to judge. */
export function decodeGate(vector: number, raw: bigint, size: 8 | 16): Gate {
  const type = Number((raw >> 40n) & 0xfn);
  let offset = (raw & 0xffffn) | (((raw >> 48n) & 0xffffn) << 16n);
  if (size === 16) offset |= (raw >> 64n) << 32n;
  const low3 = type & 7;
  return {
    vector,
    raw,
    present: (raw & (1n << 47n)) !== 0n,
    type,
    kind:
      low3 === 6
        ? 'interrupt'
        : low3 === 7
          ? 'trap'
          : type === 5
            ? 'task'
            : low3 === 4
              ? 'call'
              : 'reserved',
    bits: size === 16 ? 64 : type & 8 ? 32 : 16,
    selector: Number((raw >> 16n) & 0xffffn),
    offset: type === 5 ? 0n : offset,
    ist: size === 16 ? Number((raw >> 32n) & 7n) : 0,
    dpl: Number((raw >> 45n) & 3n),
  };
}

/** Whether the CPU delivers through this gate type in this mode (no task or call gates in long mode). */
export function validGate(g: Gate, lma: boolean): boolean {
  if (lma) return g.type === 0xe || g.type === 0xf;
  return g.type === 5 || g.type === 6 || g.type === 7 || g.type === 0xe || g.type === 0xf;
}
