import { loadFields, saveFields } from '../machine/snapshot-fields.ts';
import type { SavedState } from '../machine/snapshot-fields.ts';
/**
 * The VGA's register file (misc output, sequencer, CRTC, graphics controller, attribute
 * controller, DAC) with the mode 3 values the VGA BIOS programs, and the port protocol of
 * each: index/data pairs, the attribute controller's flip-flop that a read of input status 1
 * resets, the DAC's auto-incrementing RGB triplets. Behaviour follows QEMU's hw/display/vga.c.
 */

// Mode 3 (80x25 text, 9x16 cells) as SeaBIOS's VGA BIOS sets it.
const MODE3_CRTC = [
  0x5f, 0x4f, 0x50, 0x82, 0x55, 0x81, 0xbf, 0x1f, 0x00, 0x4f, 0x0d, 0x0e, 0x00, 0x00, 0x00, 0x00,
  0x9c, 0x8e, 0x8f, 0x28, 0x1f, 0x96, 0xb9, 0xa3, 0xff,
];
const MODE3_SEQ = [0x03, 0x00, 0x03, 0x00, 0x02];
const MODE3_GC = [0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0e, 0x0f, 0xff];
const MODE3_ATTR = [
  0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f,
  0x0c, 0x00, 0x0f, 0x08, 0x00,
];
const MISC_COLOR = 0x01; // I/O address select: CRTC at 0x3d4, status at 0x3da
const CR11_PROTECT = 0x80; // CR00-CR07 write-protected (CR07 bit 4 excepted)

export class VgaRegisters {
  misc = 0;
  featureControl = 0;
  readonly crtc = new Uint8Array(256);
  crtcIndex = 0;
  readonly seq = new Uint8Array(8);
  seqIndex = 0;
  readonly gc = new Uint8Array(16);
  gcIndex = 0;
  readonly attr = new Uint8Array(32);
  attrIndex = 0;
  private attrFlipFlop = 0;
  private status1 = 0;
  /** 256 RGB triplets of 6-bit values. */
  readonly dac = new Uint8Array(768);
  private dacReadIndex = 0;
  private dacWriteIndex = 0;
  private dacComponent = 0;
  private dacReading = false;
  private readonly dacLatch = new Uint8Array(3);
  pelMask = 0xff;
  /** Set by writes that change what the screen shows (cursor, start, palette). */
  changed = true;

  constructor() {
    this.reset();
  }

  reset(): void {
    this.misc = 0x67;
    this.featureControl = 0;
    this.crtc.fill(0);
    this.crtc.set(MODE3_CRTC);
    this.seq.fill(0);
    this.seq.set(MODE3_SEQ);
    this.gc.fill(0);
    this.gc.set(MODE3_GC);
    this.attr.fill(0);
    this.attr.set(MODE3_ATTR);
    this.crtcIndex = this.seqIndex = this.gcIndex = this.attrIndex = this.attrFlipFlop = 0;
    this.status1 = 0;
    // The EGA's 64 colours in DAC entries 0-63: bits 2/1/0 add 2/3 of R/G/B, bits 5/4/3 add 1/3.
    this.dac.fill(0);
    for (let i = 0; i < 64; i++) {
      this.dac[i * 3] = ((i >> 2) & 1) * 0x2a + ((i >> 5) & 1) * 0x15;
      this.dac[i * 3 + 1] = ((i >> 1) & 1) * 0x2a + ((i >> 4) & 1) * 0x15;
      this.dac[i * 3 + 2] = (i & 1) * 0x2a + ((i >> 3) & 1) * 0x15;
    }
    this.dacReadIndex = this.dacWriteIndex = this.dacComponent = 0;
    this.dacReading = false;
    this.pelMask = 0xff;
  }

  /** Whether `port` is live: the 0x3bx CRTC/status ports in mono mode, 0x3dx in colour. */
  decodes(port: number): boolean {
    if ((port & 0xfff0) === 0x3b0) return !(this.misc & MISC_COLOR);
    if ((port & 0xfff0) === 0x3d0) return (this.misc & MISC_COLOR) !== 0;
    return true;
  }

  read(port: number): number {
    switch (port) {
      case 0x3c0:
        return this.attrIndex;
      case 0x3c1:
        return this.attr[this.attrIndex & 0x1f];
      case 0x3c2:
        return 0; // input status 0
      case 0x3c4:
        return this.seqIndex;
      case 0x3c5:
        return this.seq[this.seqIndex];
      case 0x3c6:
        return this.pelMask;
      case 0x3c7:
        return this.dacReading ? 3 : 0;
      case 0x3c8:
        return this.dacWriteIndex;
      case 0x3c9: {
        const v = this.dac[this.dacReadIndex * 3 + this.dacComponent];
        if (++this.dacComponent === 3) {
          this.dacComponent = 0;
          this.dacReadIndex = (this.dacReadIndex + 1) & 0xff;
        }
        return v;
      }
      case 0x3ca:
        return this.featureControl;
      case 0x3cc:
        return this.misc;
      case 0x3ce:
        return this.gcIndex;
      case 0x3cf:
        return this.gc[this.gcIndex];
      case 0x3b4:
      case 0x3d4:
        return this.crtcIndex;
      case 0x3b5:
      case 0x3d5:
        return this.crtc[this.crtcIndex];
      case 0x3ba:
      case 0x3da:
        // Input status 1. Retrace (bit 3) and display-disabled (bit 0) flip on every read, as
        // QEMU's default "dumb" retrace does: wait-for-retrace loops end, deterministically.
        this.attrFlipFlop = 0;
        this.status1 ^= 0x09;
        return this.status1;
      default:
        return 0xff;
    }
  }

  write(port: number, value: number): void {
    switch (port) {
      case 0x3c0:
        if (this.attrFlipFlop === 0) this.attrIndex = value & 0x3f;
        else this.writeAttr(this.attrIndex & 0x1f, value);
        this.attrFlipFlop ^= 1;
        break;
      case 0x3c2:
        this.misc = value & ~0x10;
        break;
      case 0x3c4:
        this.seqIndex = value & 7;
        break;
      case 0x3c5:
        this.seq[this.seqIndex] = value;
        break;
      case 0x3c6:
        this.pelMask = value;
        this.changed = true;
        break;
      case 0x3c7:
        this.dacReadIndex = value;
        this.dacComponent = 0;
        this.dacReading = true;
        break;
      case 0x3c8:
        this.dacWriteIndex = value;
        this.dacComponent = 0;
        this.dacReading = false;
        break;
      case 0x3c9:
        this.dacLatch[this.dacComponent] = value & 0x3f;
        if (++this.dacComponent === 3) {
          this.dac.set(this.dacLatch, this.dacWriteIndex * 3);
          this.dacComponent = 0;
          this.dacWriteIndex = (this.dacWriteIndex + 1) & 0xff;
          this.changed = true;
        }
        break;
      case 0x3ce:
        this.gcIndex = value & 0x0f;
        break;
      case 0x3cf:
        this.gc[this.gcIndex] = value;
        break;
      case 0x3b4:
      case 0x3d4:
        this.crtcIndex = value;
        break;
      case 0x3b5:
      case 0x3d5:
        this.writeCrtc(this.crtcIndex, value);
        break;
      case 0x3ba:
      case 0x3da:
        this.featureControl = value & 0x10;
        break;
    }
  }

  private writeCrtc(index: number, value: number): void {
    if (index <= 7 && this.crtc[0x11] & CR11_PROTECT) {
      // The timing registers are locked; only CR07's line-compare bit 8 gets through.
      if (index === 7) this.crtc[7] = (this.crtc[7] & ~0x10) | (value & 0x10);
      return;
    }
    this.crtc[index] = value;
    this.changed = true;
  }

  private writeAttr(index: number, value: number): void {
    if (index < 0x10) this.attr[index] = value & 0x3f;
    else if (index < 0x15) this.attr[index] = value;
    else return;
    this.changed = true;
  }

  /** Columns and rows the CRTC displays; 80x25 if it is programmed for something odd. */
  textGeometry(): { cols: number; rows: number } {
    const c = this.crtc;
    const cols = c[0x01] + 1;
    const lines = (c[0x12] | ((c[0x07] & 0x02) << 7) | ((c[0x07] & 0x40) << 3)) + 1;
    const rows = Math.floor(lines / ((c[0x09] & 0x1f) + 1));
    if (cols < 8 || cols > 132 || rows < 1 || rows > 100) return { cols: 80, rows: 25 };
    return { cols, rows };
  }

  /** Characters from one row to the next (the offset register counts words of two cells). */
  rowStride(): number {
    return this.crtc[0x13] * 2 || 80;
  }

  /** First displayed cell, in cells from 0xb8000. */
  startAddress(): number {
    return (this.crtc[0x0c] << 8) | this.crtc[0x0d];
  }

  cursorLocation(): number {
    return (this.crtc[0x0e] << 8) | this.crtc[0x0f];
  }

  /** Cursor not disabled (CR0A bit 5) and its start scanline not past its end. */
  cursorEnabled(): boolean {
    const start = this.crtc[0x0a];
    return !(start & 0x20) && (start & 0x1f) <= (this.crtc[0x0b] & 0x1f);
  }

  blinkEnabled(): boolean {
    return (this.attr[0x10] & 0x08) !== 0;
  }

  /** The 16 text colours as 0xRRGGBB: attribute palette -> colour select -> DAC -> 8 bits. */
  textPalette(): number[] {
    const out: number[] = [];
    const mode = this.attr[0x10];
    const select = this.attr[0x14];
    for (let i = 0; i < 16; i++) {
      let index = this.attr[i] & 0x3f;
      // P5/P4 from the colour select register when the mode asks for it; P7/P6 always.
      if (mode & 0x80) index = (index & 0x0f) | ((select & 0x03) << 4);
      index = (index | ((select & 0x0c) << 4)) & this.pelMask;
      const [r, g, b] = [0, 1, 2].map((k) => Math.round((this.dac[index * 3 + k] * 255) / 63));
      out.push((r << 16) | (g << 8) | b);
    }
    return out;
  }

  /** Snapshot state: every register; `changed` is the renderer's, set so it renders anew. */
  saveState(): SavedState {
    return saveFields(this, ['changed']);
  }

  loadState(s: SavedState): void {
    loadFields(this, s);
    this.changed = true;
  }
}
