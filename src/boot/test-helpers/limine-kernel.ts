import { buildElf } from './elf-builder.ts';
import { baseRevisionTag, concat, endMarker, limineRequest, startMarker } from './headers.ts';
import type { FeatureName } from '../limine-ids.ts';
import type { Guest } from './machine.ts';

export const KERNEL_BASE = 0xffffffff80000000n;
/** Where the test kernel's data segment (and its requests) start. */
export const DATA_BASE = KERNEL_BASE + 0x2000n;

export interface LimineKernelSpec {
  /** Base revision to ask for; undefined leaves the tag out. */
  revision?: bigint;
  requests?: { feature: FeatureName; revision?: bigint; extra?: bigint[] }[];
  markers?: boolean;
  /** Requests placed after the end marker (then before any start marker, if `markers`). */
  outside?: FeatureName[];
  bss?: number;
}

/**
 * A Limine kernel as a linker lays one out: text (R+X) at 0xffffffff80000000, rodata (R) a
 * page up, data (R+W) with the base revision tag and the requests after it, and a BSS.
 * Returns the image and the virtual address of each request, in the order given.
 */
export function limineKernel(spec: LimineKernelSpec = {}): {
  image: Uint8Array;
  requestAt: bigint[];
  /** The `outside` requests: first the copies before the start marker, then those after the end marker. */
  outsideAt: bigint[];
  tagAt: bigint;
} {
  const parts: Uint8Array[] = [];
  let at = DATA_BASE;
  const push = (b: Uint8Array) => {
    parts.push(b);
    at += BigInt(b.length);
  };
  const requestAt: bigint[] = [];
  const outside = (spec.outside ?? []).map((feature) => limineRequest(feature));
  const outsideAt: bigint[] = [];
  for (const r of outside) {
    outsideAt.push(at);
    push(r);
  }
  if (spec.markers) push(startMarker());
  const tagAt = at;
  if (spec.revision !== undefined) push(baseRevisionTag(spec.revision));
  for (const r of spec.requests ?? []) {
    requestAt.push(at);
    push(limineRequest(r.feature, r.revision ?? 0n, r.extra ?? []));
  }
  if (spec.markers) push(endMarker());
  for (const r of outside) {
    outsideAt.push(at);
    push(r);
  }
  const data = concat(...parts, new Uint8Array(8));
  const image = buildElf({
    class: 64,
    entry: KERNEL_BASE,
    segments: [
      { vaddr: KERNEL_BASE, data: new Uint8Array([0xf4, 0xeb, 0xfd]), flags: 5 },
      { vaddr: KERNEL_BASE + 0x1000n, data: new TextEncoder().encode('rodata'), flags: 4 },
      { vaddr: DATA_BASE, data, memsz: data.length + (spec.bss ?? 0x1000), flags: 6 },
    ],
    symbols: [{ name: 'kmain', value: KERNEL_BASE, size: 3 }],
  });
  return { image, requestAt, outsideAt, tagAt };
}

/** The response pointer a request at `va` received (0n when it received none). */
export function response(ram: Guest, va: bigint): bigint {
  return ram.v64(va + 40n);
}
