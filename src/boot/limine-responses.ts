import { LimineBlob, limineFile } from './limine-blob.ts';
import type { LimineFileInfo } from './limine-blob.ts';
import { LIMINE_MEMMAP } from './limine-ids.ts';
import type { FeatureName } from './limine-ids.ts';
import type { RequestReader } from './limine-requests.ts';
import type { MemoryRegion } from './memory-map.ts';
import type { FramebufferInfo } from './options.ts';

export const BOOTLOADER_NAME = 'pagescope';
export const BOOTLOADER_VERSION = '0.1.0';

/** What the responses describe; the memory map is read when the block is filled, so it is final. */
export interface ResponseFacts {
  revision: number;
  hhdm: bigint;
  pagingMode: 0 | 1;
  kernelPhys: number;
  kernelVirt: bigint;
  kernelFile: LimineFileInfo;
  modules: LimineFileInfo[];
  framebuffer?: FramebufferInfo;
  rsdpAddress?: number;
  bootTime: number;
  memmap: () => MemoryRegion[];
  /** Most memory map entries the block has room for. */
  memmapCapacity: number;
}

const LIMINE_FRAMEBUFFER_RGB = 1;

/**
 * Reserves, in the block, a response for every request pagescope answers, and returns the
 * requests to point at them once the block is placed (`answer`). Requests for features it
 * does not provide keep their NULL response, as the protocol says.
 */
export function reserveResponses(
  blob: LimineBlob,
  req: RequestReader,
  f: ResponseFacts,
): (place: (o: number) => bigint) => void {
  const answers: [FeatureName, number][] = [];
  const respond = (feature: FeatureName, offset: number) => answers.push([feature, offset]);
  const has = (feature: FeatureName) => req.find(feature) !== undefined;

  if (has('bootloaderInfo')) {
    const name = blob.string(BOOTLOADER_NAME);
    const version = blob.string(BOOTLOADER_VERSION);
    respond(
      'bootloaderInfo',
      blob.words(3, (p) => [0, p.to(name), p.to(version)]),
    );
  }
  // The executable's file and the cmdline response share one string, as the protocol requires.
  const cmdline = blob.string(f.kernelFile.string);
  if (has('executableCmdline'))
    respond(
      'executableCmdline',
      blob.words(2, (p) => [0, p.to(cmdline)]),
    );
  if (has('firmwareType'))
    respond(
      'firmwareType',
      blob.words(2, () => [0, 0]),
    ); // x86 BIOS
  if (has('stackSize'))
    respond(
      'stackSize',
      blob.words(1, () => [0]),
    );
  if (has('entryPoint'))
    respond(
      'entryPoint',
      blob.words(1, () => [0]),
    );
  if (has('hhdm'))
    respond(
      'hhdm',
      blob.words(2, () => [0, f.hhdm]),
    );
  if (has('pagingMode'))
    respond(
      'pagingMode',
      blob.words(2, () => [0, f.pagingMode]),
    );
  if (has('executableAddress')) {
    respond(
      'executableAddress',
      blob.words(3, () => [0, f.kernelPhys, f.kernelVirt]),
    );
  }
  if (has('executableFile')) {
    const file = limineFile(blob, f.kernelFile, cmdline);
    respond(
      'executableFile',
      blob.words(2, (p) => [0, p.to(file)]),
    );
  }
  if (has('module') && f.modules.length > 0) {
    const files = f.modules.map((m) => limineFile(blob, m));
    const list = blob.words(files.length, (p) => files.map((o) => p.to(o)));
    respond(
      'module',
      blob.words(3, (p) => [0, files.length, p.to(list)]),
    );
  }
  // Base revision 3 alone hands the RSDP over as a physical address.
  const rsdp = f.rsdpAddress;
  if (has('rsdp') && rsdp !== undefined) {
    respond(
      'rsdp',
      blob.words(2, (p) => [0, f.revision === 3 ? rsdp : p.phys(rsdp)]),
    );
  }
  if (has('dateAtBoot'))
    respond(
      'dateAtBoot',
      blob.words(2, () => [0, f.bootTime]),
    );
  if (has('mp')) respond('mp', reserveMp(blob));
  if (has('framebuffer') && f.framebuffer)
    respond('framebuffer', reserveFramebuffer(blob, f.framebuffer));
  if (has('memmap')) respond('memmap', reserveMemmap(blob, f));

  return (place) => {
    for (const [feature, offset] of answers) req.answer(req.find(feature)!, place(offset));
  };
}

/** One CPU, the bootstrap processor with LAPIC ID 0: a response is due even without APs. */
function reserveMp(blob: LimineBlob): number {
  const info = blob.words(4, () => [0, 0, 0, 0]);
  const list = blob.words(1, (p) => [p.to(info)]);
  return blob.words(4, (p) => [0, 0, 1, p.to(list)]);
}

function reserveFramebuffer(blob: LimineBlob, fb: FramebufferInfo): number {
  const colours = [
    fb.red.size,
    fb.red.shift,
    fb.green.size,
    fb.green.shift,
    fb.blue.size,
    fb.blue.shift,
  ];
  // The one video mode: the current one.
  const mode = blob.reserve(40, (w, _p, o) => {
    w.u64(o, fb.pitch);
    w.u64(o + 8, fb.width);
    w.u64(o + 16, fb.height);
    w.u16(o + 24, fb.bpp);
    w.u8(o + 26, LIMINE_FRAMEBUFFER_RGB);
    colours.forEach((v, i) => w.u8(o + 27 + i, v));
  });
  const modes = blob.words(1, (p) => [p.to(mode)]);
  const desc = blob.reserve(80, (w, p, o) => {
    w.u64(o, p.phys(fb.address));
    w.u64(o + 8, fb.width);
    w.u64(o + 16, fb.height);
    w.u64(o + 24, fb.pitch);
    w.u16(o + 32, fb.bpp);
    w.u8(o + 34, LIMINE_FRAMEBUFFER_RGB);
    colours.forEach((v, i) => w.u8(o + 35 + i, v));
    w.u64(o + 64, 1);
    w.u64(o + 72, p.to(modes));
  });
  const list = blob.words(1, (p) => [p.to(desc)]);
  // Response revision 1: the framebuffers carry their mode list.
  return blob.words(3, (p) => [1, 1, p.to(list)]);
}

function reserveMemmap(blob: LimineBlob, f: ResponseFacts): number {
  const n = f.memmapCapacity;
  const entries = blob.reserve(n * 24, (w, _p, o) => {
    f.memmap().forEach((r, i) => {
      w.u64(o + i * 24, r.base);
      w.u64(o + i * 24 + 8, r.length);
      w.u64(o + i * 24 + 16, LIMINE_MEMMAP[r.type]);
    });
  });
  const list = blob.words(n, (p) => f.memmap().map((_, i) => p.to(entries + i * 24)));
  return blob.words(3, (p) => [0, f.memmap().length, p.to(list)]);
}
