import { sha256Hex } from './sha256.ts';
import type { SharedSession } from './shared-session.ts';

/** Bytes that do not compress: a linear congruential sequence from `seed`. */
export function noiseBytes(length: number, seed = 1): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  let x = seed >>> 0;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** A session booting `image` with one module, some input and a view. */
export async function sampleSession(
  image: Uint8Array,
  module: Uint8Array = new TextEncoder().encode('initrd contents'),
): Promise<SharedSession> {
  return {
    image: { name: 'kernel.elf', sha256: await sha256Hex(image), size: image.length },
    machine: {
      ramSize: 128 << 20,
      cmdline: 'console=ttyS0 quiet',
      modules: [
        {
          name: 'initrd.img',
          sha256: await sha256Hex(module),
          size: module.length,
          cmdline: 'root=/dev/ram0',
        },
      ],
      disk: null,
      diskSlave: null,
    },
    input: [
      { at: 1000, device: 'serial', bytes: new TextEncoder().encode('help\r') },
      { at: 1000, device: 'keyboard', bytes: Uint8Array.of(0x1c, 0x9c) },
      { at: 250_000_000_000, device: 'serial', bytes: Uint8Array.of(0) },
    ],
    position: 300_000_000_000,
    view: {
      selectedAddress: '0xffffffff80000000',
      openPanels: ['tree', 'translation', 'info-mem'],
      breakpoints: ['0xffffffff80001000'],
      panelState: { tree: { expanded: ['0', '0.511'], scroll: 12.5 }, registers: { hex: true } },
    },
  };
}
