import type { SavedState } from '../machine/snapshot-fields.ts';
import type { PortBus } from '../io-bus.ts';
import type { MmioDevice, PhysicalMemory } from '../memory/physical-memory.ts';
import { BytePortDevice } from './byte-port-device.ts';
import { CP437 } from './cp437.ts';
import type { DeviceHost } from './device-host.ts';
import { VgaRegisters } from './vga-registers.ts';

export const TEXT_BASE = 0xb8000;
const TEXT_SIZE = 0x8000;

/** One rendered text screen, for the UI. */
export interface TextScreen {
  cols: number;
  rows: number;
  /** rows lines of cols characters (CP437 mapped to Unicode), joined by '\n'. */
  text: string;
  /** The attribute byte of each cell, row by row: background << 4 | foreground. */
  attrs: Uint8Array;
  cursor: { row: number; col: number; visible: boolean };
  /** 0xRRGGBB of the 16 text colours, through the attribute palette and the DAC. */
  palette: number[];
  /** Attribute bit 7 means blink (the default) rather than a bright background. */
  blink: boolean;
}

/**
 * VGA text mode as the VGA BIOS leaves it in mode 3: 80x25 cells of (character, attribute)
 * at 0xb8000, the CRTC's cursor and start address, and the attribute, sequencer, graphics and
 * DAC registers kept so that whatever a kernel writes reads back. Text memory is plain RAM
 * (the guest writes it at full speed); the device only reads it, to render and to notice
 * changes. Whoever runs the machine calls poll() between slices (no guest timer: one would
 * keep a `cli; hlt` machine alive); it emits at most one `text-screen-changed` between two
 * render() calls.
 */
export class VgaText extends BytePortDevice {
  readonly regs = new VgaRegisters();
  /** The 32 KiB text window, RAM-backed when RAM covers it. */
  readonly memory: Uint8Array;
  private readonly words: Uint32Array;
  private readonly shadow = new Uint32Array(TEXT_SIZE / 4);
  /** Whether guest RAM holds the text memory (it is then no part of the device's state). */
  private readonly ramBacked: boolean;
  private eventPending = false;

  constructor(
    private readonly host: DeviceHost,
    mem: PhysicalMemory,
  ) {
    super();
    this.ramBacked = mem.isRam(TEXT_BASE + TEXT_SIZE - 1);
    if (this.ramBacked) {
      this.memory = mem.ram.subarray(TEXT_BASE, TEXT_BASE + TEXT_SIZE);
    } else {
      this.memory = new Uint8Array(TEXT_SIZE);
      mem.mapMmio(TEXT_BASE, TEXT_SIZE, new ByteWindow(this.memory));
    }
    this.words = new Uint32Array(this.memory.buffer, this.memory.byteOffset, TEXT_SIZE / 4);
    this.shadow.set(this.words);
  }

  attach(bus: PortBus): void {
    bus.register(0x3b4, 2, this);
    bus.register(0x3ba, 1, this);
    bus.register(0x3c0, 16, this);
    bus.register(0x3d4, 2, this);
    bus.register(0x3da, 1, this);
  }

  reset(): void {
    this.regs.reset();
    this.regs.changed = true;
  }

  /** Emits `text-screen-changed` if the screen differs from the last render(); true if so. */
  poll(): boolean {
    if (this.eventPending) return true;
    if (!this.regs.changed && !this.differs()) return false;
    this.eventPending = true;
    this.host.emit({ kind: 'text-screen-changed' });
    return true;
  }

  /** The screen as the monitor shows it now; re-arms the change event. */
  render(): TextScreen {
    const r = this.regs;
    const { cols, rows } = r.textGeometry();
    const stride = r.rowStride();
    const start = r.startAddress();
    const attrs = new Uint8Array(cols * rows);
    const lines: string[] = [];
    for (let y = 0; y < rows; y++) {
      let line = '';
      for (let x = 0; x < cols; x++) {
        const cell = ((start + y * stride + x) * 2) & (TEXT_SIZE - 1);
        line += CP437[this.memory[cell]];
        attrs[y * cols + x] = this.memory[cell + 1];
      }
      lines.push(line);
    }
    const pos = r.cursorLocation() - start;
    const row = Math.floor(pos / stride);
    const col = pos - row * stride;
    const onScreen = pos >= 0 && row < rows && col < cols;
    this.shadow.set(this.words);
    r.changed = false;
    this.eventPending = false;
    return {
      cols,
      rows,
      text: lines.join('\n'),
      attrs,
      cursor: { row, col, visible: onScreen && r.cursorEnabled() },
      palette: r.textPalette(),
      blink: r.blinkEnabled(),
    };
  }

  protected decodes(port: number): boolean {
    return (
      (port >= 0x3c0 && port <= 0x3cf) ||
      port === 0x3b4 ||
      port === 0x3b5 ||
      port === 0x3ba ||
      port === 0x3d4 ||
      port === 0x3d5 ||
      port === 0x3da
    );
  }

  protected readByte(port: number): number {
    // The CRTC answers at 0x3d4 in colour mode and 0x3b4 in mono mode, not both.
    if (!this.regs.decodes(port)) return 0xff;
    return this.regs.read(port);
  }

  protected writeByte(port: number, value: number): void {
    if (this.regs.decodes(port)) this.regs.write(port, value);
  }

  private differs(): boolean {
    const a = this.words;
    const b = this.shadow;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return true;
    return false;
  }

  /**
   * Snapshot state: the registers, and the text memory when it is the device's own (RAM
   * holds it otherwise). The copy of the last rendered screen is the renderer's: poll()
   * compares the restored screen with what it shows.
   */
  saveState(): SavedState {
    const regs = this.regs.saveState();
    return this.ramBacked ? { regs } : { regs, memory: this.memory.slice() };
  }

  loadState(s: SavedState): void {
    this.regs.loadState(s.regs as SavedState);
    if (!this.ramBacked) this.memory.set(s.memory as Uint8Array);
  }
}

/** Plain memory behind an MMIO window (for machines whose RAM does not reach 0xb8000). */
export class ByteWindow implements MmioDevice {
  constructor(private readonly bytes: Uint8Array) {}

  read(offset: number, size: number): number {
    let v = 0;
    for (let i = Math.min(size, 4) - 1; i >= 0; i--) v = v * 256 + (this.bytes[offset + i] ?? 0xff);
    return v;
  }

  write(offset: number, size: number, value: number): void {
    for (let i = 0; i < size && offset + i < this.bytes.length; i++) {
      this.bytes[offset + i] = (value >>> (8 * i)) & 0xff;
    }
  }
}
