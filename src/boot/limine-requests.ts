import { fail } from './errors.ts';
import { FEATURES } from './limine-ids.ts';
import type { FeatureName } from './limine-ids.ts';
import type { LimineRequest } from './limine-scan.ts';

/** What every request starts with: id[4], revision, response. */
const HEADER = 48;

/** Reads the requests a loaded image makes, bounded by the image as Limine bounds them. */
export class RequestReader {
  private readonly view: DataView;

  constructor(
    private readonly image: Uint8Array,
    private readonly requests: LimineRequest[],
  ) {
    this.view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  }

  /**
   * The request for a feature, if present and its first `size` bytes lie in the image: like
   * Limine, a request the image cuts short is ignored.
   */
  find(feature: FeatureName, size = HEADER): LimineRequest | undefined {
    const [a, b] = FEATURES[feature];
    const r = this.requests.find((q) => q.id[0] === a && q.id[1] === b);
    return r && r.offset + size <= this.image.length ? r : undefined;
  }

  /** A 64-bit field of a request (the revision is at 32, optional members from 48). */
  field(r: LimineRequest, at: number): bigint {
    return r.offset + at + 8 <= this.image.length
      ? this.view.getBigUint64(r.offset + at, true)
      : 0n;
  }

  /** Points the request's response field at `pointer` (an HHDM address). */
  answer(r: LimineRequest, pointer: bigint): void {
    this.view.setBigUint64(r.offset + 40, pointer, true);
  }

  /** The stack size: 64 KiB, or more if the stack size request asks (rounded to 16 bytes). */
  stackSize(): number {
    const r = this.find('stackSize', 56);
    const wanted = r ? this.field(r, 48) : 0n;
    const size = wanted > 65536n ? wanted : 65536n;
    if (size > 1n << 32n)
      fail('BOOT_OUT_OF_MEMORY', `the stack size request asks for ${size} bytes`);
    return Math.ceil(Number(size) / 16) * 16;
  }

  /**
   * The paging mode, by Limine's rules: the request's preferred mode clamped to what the
   * machine offers, then to the request's own min_mode/max_mode (revision 1 and up).
   * 0 is 4-level, 1 is 5-level.
   */
  pagingMode(allow5Level: boolean): 0 | 1 {
    const maxSupported = allow5Level ? 1n : 0n;
    const r = this.find('pagingMode', 56);
    if (!r) return 0;
    let mode = this.field(r, 48);
    let kernMin = 0n;
    let kernMax = mode;
    if (this.field(r, 32) >= 1n && r.offset + 72 <= this.image.length) {
      kernMax = this.field(r, 56);
      kernMin = this.field(r, 64);
    }
    if (mode > maxSupported) mode = maxSupported;
    if (kernMax < kernMin) fail('BOOT_LIMINE_PAGING_MODE', 'its max_mode is below its min_mode');
    if (mode > kernMax) mode = kernMax;
    if (mode < kernMin) {
      if (kernMin > maxSupported)
        fail(
          'BOOT_LIMINE_PAGING_MODE',
          'it needs 5-level paging, which this machine does not offer',
        );
      mode = kernMin;
    }
    return mode === 1n ? 1 : 0;
  }

  /** The entry point request's address, if there is one. */
  entryPoint(): bigint | undefined {
    const r = this.find('entryPoint', 56);
    return r ? this.field(r, 48) : undefined;
  }
}
