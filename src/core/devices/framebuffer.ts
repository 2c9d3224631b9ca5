import type { SavedState } from '../machine/snapshot-fields.ts';
import type { MmioDevice, PhysicalMemory } from '../memory/physical-memory.ts';
import type { DeviceHost } from './device-host.ts';

/** Where QEMU's std-vga puts its linear framebuffer BAR: outside RAM on any sane config. */
export const DEFAULT_FRAMEBUFFER_BASE = 0xfd000000;

export interface FramebufferOptions {
  base?: number;
  width?: number;
  height?: number;
  /** Bytes per row; at least width * 4. */
  pitch?: number;
  /** Storage for an MMIO framebuffer (a SharedArrayBuffer lets the UI thread read it). */
  backing?: ArrayBufferLike;
}

/** What a boot protocol tells the kernel (Limine's framebuffer, Multiboot 2 tag 8). */
export interface FramebufferInfo {
  address: number;
  width: number;
  height: number;
  pitch: number;
  bpp: 32;
  /** Little-endian XRGB8888: blue in byte 0, as Limine and GRUB describe a 32-bpp mode. */
  redShift: 16;
  greenShift: 8;
  blueShift: 0;
  maskSize: 8;
}

/** Rows [top, bottom) that changed since the previous read. */
export interface DirtyRows {
  top: number;
  bottom: number;
}

/**
 * A 32-bpp linear framebuffer for Limine and Multiboot 2 kernels. Outside RAM (the default
 * address) it is an MMIO region backed by a typed array, and writes mark rows dirty and emit
 * one `framebuffer-changed` until the UI reads; inside RAM the guest writes it at full speed
 * and poll(), called between run slices, finds changes by comparing against the last frame
 * the UI read (no guest timer, which would keep a `cli; hlt` machine alive).
 */
export class Framebuffer implements MmioDevice {
  readonly base: number;
  readonly width: number;
  readonly height: number;
  readonly pitch: number;
  readonly bytes: Uint8Array;
  readonly ramBacked: boolean;
  private readonly view: DataView;
  /** RAM-backed: the pixels as words, and a copy of the last frame read. */
  private readonly words: Uint32Array | undefined;
  private readonly shadow: Uint32Array | undefined;
  private dirtyTop: number;
  private dirtyBottom: number;
  private eventPending = false;

  constructor(
    private readonly host: DeviceHost,
    mem: PhysicalMemory,
    options: FramebufferOptions = {},
  ) {
    this.base = options.base ?? DEFAULT_FRAMEBUFFER_BASE;
    this.width = options.width ?? 1024;
    this.height = options.height ?? 768;
    this.pitch = options.pitch ?? this.width * 4;
    if (this.base % 4 !== 0) throw new RangeError('framebuffer address is not 4-byte aligned');
    if (this.pitch < this.width * 4 || this.pitch % 4 !== 0) {
      throw new RangeError(`framebuffer pitch ${this.pitch} does not hold ${this.width} pixels`);
    }
    const size = this.pitch * this.height;
    const end = this.base + size;
    this.ramBacked = mem.isRam(this.base);
    if (this.ramBacked) {
      if (!mem.isRam(end - 1)) throw new RangeError('framebuffer straddles the end of RAM');
      this.bytes = mem.ram.subarray(this.base, end);
      this.words = new Uint32Array(this.bytes.buffer, this.bytes.byteOffset, size / 4);
      this.shadow = new Uint32Array(size / 4);
    } else {
      this.bytes = new Uint8Array(options.backing ?? new ArrayBuffer(size), 0, size);
      // The region is page-granular, as a PCI BAR is; the tail past the last row reads 0.
      mem.mapMmio(this.base, Math.ceil(size / 4096) * 4096, this);
    }
    this.view = new DataView(this.bytes.buffer, this.bytes.byteOffset, size);
    // Nothing has been shown yet: the first read converts every row.
    this.dirtyTop = 0;
    this.dirtyBottom = this.height;
  }

  get info(): FramebufferInfo {
    const { base: address, width, height, pitch } = this;
    const format = { bpp: 32, redShift: 16, greenShift: 8, blueShift: 0, maskSize: 8 } as const;
    return { address, width, height, pitch, ...format };
  }

  /** Bytes of pixel memory (pitch * height), for the memory map and boot info. */
  get size(): number {
    return this.pitch * this.height;
  }

  read(offset: number, size: number): number {
    if (offset + size > this.bytes.length) return 0;
    if (size === 1) return this.bytes[offset];
    if (size === 2) return this.view.getUint16(offset, true);
    return this.view.getUint32(offset, true);
  }

  write(offset: number, size: number, value: number): void {
    if (offset + size > this.bytes.length) return;
    if (size === 1) this.bytes[offset] = value;
    else if (size === 2) this.view.setUint16(offset, value, true);
    else this.view.setUint32(offset, value >>> 0, true);
    const row = (offset / this.pitch) | 0;
    if (row < this.dirtyTop) this.dirtyTop = row;
    if (row >= this.dirtyBottom) this.dirtyBottom = row + 1;
    if (!this.eventPending) {
      this.eventPending = true;
      this.host.emit({ kind: 'framebuffer-changed' });
    }
  }

  /** Emits `framebuffer-changed` if anything changed since the last read; true if so. */
  poll(): boolean {
    if (this.eventPending) return true;
    if (this.shadow) this.scanRam();
    if (this.dirtyTop >= this.dirtyBottom) return false;
    this.eventPending = true;
    this.host.emit({ kind: 'framebuffer-changed' });
    return true;
  }

  /**
   * Converts the rows changed since the previous call into `out`, an RGBA buffer of
   * width * height * 4 bytes (an ImageData's data); pass the same buffer every time, or
   * `full` to convert every row. Returns the rows written, or null if none changed.
   */
  readRgba(out: Uint8ClampedArray | Uint8Array, full = false): DirtyRows | null {
    if (out.length < this.width * this.height * 4) throw new RangeError('RGBA buffer too small');
    if (this.shadow) this.scanRam();
    const top = full ? 0 : this.dirtyTop;
    const bottom = full ? this.height : this.dirtyBottom;
    this.dirtyTop = this.height;
    this.dirtyBottom = 0;
    this.eventPending = false;
    if (top >= bottom) return null;
    const src = this.bytes;
    for (let y = top; y < bottom; y++) {
      let s = y * this.pitch;
      let d = y * this.width * 4;
      for (let x = 0; x < this.width; x++, s += 4, d += 4) {
        out[d] = src[s + 2];
        out[d + 1] = src[s + 1];
        out[d + 2] = src[s];
        out[d + 3] = 255;
      }
    }
    return { top, bottom };
  }

  /** RAM-backed: widens the dirty rows to every row that differs from the last frame read. */
  private scanRam(): void {
    const shadow = this.shadow!;
    const words = this.words!;
    const perRow = this.pitch / 4;
    for (let y = 0; y < this.height; y++) {
      const from = y * perRow;
      for (let i = from; i < from + perRow; i++) {
        if (words[i] === shadow[i]) continue;
        if (y < this.dirtyTop) this.dirtyTop = y;
        if (y >= this.dirtyBottom) this.dirtyBottom = y + 1;
        shadow.set(words.subarray(from, from + perRow), from);
        break;
      }
    }
  }

  /**
   * Snapshot state: the pixels when they are the device's own (RAM holds them otherwise).
   * The dirty rows and the change event are the UI's: after a load every row is dirty.
   */
  saveState(): SavedState {
    return this.ramBacked ? {} : { bytes: this.bytes.slice() };
  }

  loadState(s: SavedState): void {
    if (!this.ramBacked) this.bytes.set(s.bytes as Uint8Array);
    this.dirtyTop = 0;
    this.dirtyBottom = this.height;
  }
}
