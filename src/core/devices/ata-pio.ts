import { loadFields, saveFields } from '../machine/snapshot-fields.ts';
import type { SavedState } from '../machine/snapshot-fields.ts';
import type { PortBus, PortDevice } from '../io-bus.ts';
import { MAX_MULTIPLE, SECTOR } from './ata-disk.ts';
import type { AtaDisk } from './ata-disk.ts';
import { AtaDrive, ST_BSY, ST_DRDY, ST_DRQ, ST_ERR, ST_IDLE } from './ata-drive.ts';
import { IrqLine } from './byte-port-device.ts';
import type { DeviceHost } from './device-host.ts';

const ERR_ABRT = 0x04;
const CTL_NIEN = 0x02;
const CTL_SRST = 0x04;
const CTL_HOB = 0x80;
const DEV_SLAVE = 0x10;

const NONE = 0;
const TO_HOST = 1; // PIO data-in: READ, IDENTIFY
const FROM_HOST = 2; // PIO data-out: WRITE

/** The PC's two ATA channels, where QEMU's PIIX IDE puts them. */
export const ATA_CHANNELS = {
  primary: { base: 0x1f0, control: 0x3f6, irq: 14 },
  secondary: { base: 0x170, control: 0x376, irq: 15 },
} as const;

export interface AtaOptions {
  /** The master disk's image; without either image, the channel reads as QEMU's with no drives. */
  image?: Uint8Array;
  /** The slave disk's image (QEMU's `-drive file=...,index=1`: xv6 keeps its file system there). */
  slaveImage?: Uint8Array;
  /** The channel's ports and IRQ (default the primary's). */
  channel?: { base: number; control: number; irq: number };
}

/**
 * An ATA channel in PIO mode (the primary at 0x1f0-0x1f7, device control / alternate status
 * at 0x3f6, IRQ14; the secondary at 0x170, 0x376, IRQ15) with a master and a slave position,
 * either of which may hold a disk; the DEV bit of the device register selects one. Commands
 * complete instantly (BSY is never seen) but status, DRQ blocks and interrupts follow ATA-7
 * and QEMU 7.2's hw/ide/core.c: reading the status register acknowledges the interrupt, the
 * alternate status does not, nIEN masks INTRQ. Register writes reach both positions; each
 * keeps its own task file, status and error. How kernels find the drives, as in QEMU: a
 * channel without disks reads 0 in every register, an empty slave position reads 0 in status
 * and error and ignores commands, and an empty master position runs commands (most abort,
 * each raises the IRQ) and reads what they leave. One command runs at a time on the channel.
 */
export class AtaPio implements PortDevice {
  /** The master disk. */
  readonly disk: AtaDisk | undefined;
  readonly slaveDisk: AtaDisk | undefined;
  readonly base: number;
  readonly control: number;
  private readonly irq: IrqLine;
  private readonly drives: [AtaDrive, AtaDrive];
  /** The position the device register selects: 0 master, 1 slave. */
  private unit = 0;
  private devctl = 0;
  private intPending = false;
  // The PIO transfer in progress.
  private readonly buffer = new Uint8Array(SECTOR * MAX_MULTIPLE);
  private bufPos = 0;
  private bufEnd = 0;
  private transfer = NONE;
  private lba = 0;
  private remaining = 0;
  private blockSectors = 1;
  private lba48 = false;
  /** The position the running command addresses. */
  private active = 0;

  constructor(host: DeviceHost, options: AtaOptions = {}) {
    this.drives = [new AtaDrive(options.image), new AtaDrive(options.slaveImage)];
    this.disk = this.drives[0].disk;
    this.slaveDisk = this.drives[1].disk;
    const channel = options.channel ?? ATA_CHANNELS.primary;
    this.base = channel.base;
    this.control = channel.control;
    this.irq = new IrqLine(host, channel.irq);
    this.reset();
  }

  attach(bus: PortBus): void {
    bus.register(this.base, 8, this);
    bus.register(this.control, 1, this);
  }

  /** Power-on or hardware reset: diagnostics passed, the signatures in the task files. */
  reset(): void {
    this.devctl = 0;
    this.resetDrives();
    this.intPending = false;
    this.updateIrq();
  }

  in(port: number, size: number): number {
    const d = this.drives[this.unit];
    if (port === this.control) return this.statusShown() ? d.status : 0;
    const reg = port - this.base;
    // QEMU 7.2 reads a byte of the data register as a whole word, keeping its low byte.
    if (reg === 0) return size === 1 ? this.readData(2) & 0xff : this.readData(size);
    if (reg === 7) {
      this.intPending = false; // reading status acknowledges the interrupt
      this.updateIrq();
      return this.statusShown() ? d.status : 0;
    }
    if (!this.disk && !this.slaveDisk) return 0;
    const hob = (this.devctl & CTL_HOB) !== 0;
    if (reg === 1) {
      if (!this.statusShown()) return 0;
      return hob ? d.tf.hobFeature : d.error;
    }
    return d.tf.read(reg, hob);
  }

  out(port: number, size: number, value: number): void {
    if (port === this.control) return this.writeControl(value & 0xff);
    const reg = port - this.base;
    if (reg === 0) {
      if (size !== 1) this.writeData(size, value);
      return;
    }
    value &= 0xff;
    this.devctl &= ~CTL_HOB; // any task file write ends a high-order-byte readback
    if (reg < 7) {
      for (const d of this.drives) d.tf.write(reg, value);
      if (reg === 6) this.unit = value & DEV_SLAVE ? 1 : 0;
      return;
    }
    this.intPending = false;
    this.updateIrq();
    this.command(value);
  }

  /**
   * Whether the status and error registers show the selected position's rather than 0. QEMU
   * (hw/ide/core.c, ide_ioport_read) zeroes them only for an empty channel or an empty slave
   * position: an empty master beside a slave reads ready. xv6 counts on it: it waits for DRDY
   * on drive 0 before probing drive 1, with its file system alone on the slave.
   */
  private statusShown(): boolean {
    return this.drives[this.unit].present || (this.unit === 0 && this.slaveDisk !== undefined);
  }

  /** The disk the running command addresses. */
  private activeDisk(): AtaDisk {
    return this.drives[this.active].disk!;
  }

  private command(cmd: number): void {
    const d = this.drives[this.unit];
    // QEMU ignores commands to an empty slave position, and any command mid-command.
    if ((this.unit === 1 && !d.present) || d.status & (ST_BSY | ST_DRQ)) return;
    this.endTransfer();
    this.active = this.unit;
    d.error = 0;
    const disk = d.disk;
    // An empty master position aborts what needs a medium, as QEMU's handlers do.
    switch (cmd) {
      case 0xec: // IDENTIFY DEVICE
        if (!disk) return this.abort();
        disk.identify(d.multiple, this.buffer);
        this.startTransfer(TO_HOST, SECTOR);
        return this.raise();
      case 0x20: // READ SECTORS (and the old "without retry" form)
      case 0x21:
      case 0x24: // READ SECTORS EXT
        return this.startRw(TO_HOST, cmd === 0x24, 1);
      case 0xc4: // READ MULTIPLE
      case 0x29: // READ MULTIPLE EXT
        return this.startRw(TO_HOST, cmd === 0x29, d.multiple);
      case 0x30: // WRITE SECTORS
      case 0x31:
      case 0x34: // WRITE SECTORS EXT
        return this.startRw(FROM_HOST, cmd === 0x34, 1);
      case 0xc5: // WRITE MULTIPLE
      case 0x39: // WRITE MULTIPLE EXT
        return this.startRw(FROM_HOST, cmd === 0x39, d.multiple);
      case 0x40: // READ VERIFY SECTORS (QEMU checks nothing without a disk)
      case 0x41:
      case 0x42: {
        const ext = cmd === 0x42;
        if (disk && !this.inRange(d.tf.address(ext, disk), d.tf.sectorCount(ext)))
          return this.abort();
        return this.complete();
      }
      case 0xc6: {
        // SET MULTIPLE MODE: a power of two up to 16 sectors per block.
        const n = d.tf.count;
        if (n === 0 || n > MAX_MULTIPLE || n & (n - 1)) {
          return this.abort();
        }
        d.multiple = n;
        return this.complete();
      }
      case 0xf8: // READ NATIVE MAX ADDRESS
      case 0x27: // READ NATIVE MAX ADDRESS EXT
        if (!disk) return this.abort();
        d.tf.setAddress(disk.sectors - 1, cmd === 0x27);
        return this.complete();
      case 0x90: // EXECUTE DEVICE DIAGNOSTIC (QEMU: the selected device only)
        d.diagnose();
        return this.raise();
      case 0xe5: // CHECK POWER MODE: active or idle
      case 0x98:
        d.tf.count = 0xff;
        return this.complete();
      case 0x91: // INITIALIZE DEVICE PARAMETERS
      case 0xef: // SET FEATURES (transfer mode, write cache...): accepted, nothing changes
        return disk ? this.complete() : this.abort();
      case 0x10: // RECALIBRATE
      case 0x70: // SEEK
      case 0xe7: // FLUSH CACHE (nothing is cached: writes land at once)
      case 0xea: // FLUSH CACHE EXT
      case 0xe0: // STANDBY IMMEDIATE, IDLE IMMEDIATE, STANDBY, IDLE, SLEEP
      case 0xe1:
      case 0xe2:
      case 0xe3:
      case 0xe6:
      case 0x94:
      case 0x95:
      case 0x96:
      case 0x97:
      case 0x99:
        return this.complete();
      default:
        // IDENTIFY PACKET, PACKET, DEVICE RESET (ATAPI only), DMA commands, NOP...
        return this.abort();
    }
  }

  private startRw(dir: number, ext: boolean, block: number): void {
    const d = this.drives[this.active];
    if (!d.disk) return this.abort();
    const lba = d.tf.address(ext, d.disk);
    const n = d.tf.sectorCount(ext);
    if (!this.inRange(lba, n)) return this.abort();
    this.lba = lba;
    this.remaining = n;
    this.lba48 = ext;
    this.blockSectors = block;
    if (dir === TO_HOST) {
      this.loadBlock();
      this.raise();
    } else {
      // The host sends the first block without waiting for an interrupt.
      this.startTransfer(FROM_HOST, SECTOR * Math.min(this.blockSectors, this.remaining));
    }
  }

  /**
   * Reads the next block into the buffer for the host. The task file moves past it at once,
   * as QEMU's ide_sector_read_cb has it when DRQ rises (a write's moves once it is written).
   */
  private loadBlock(): void {
    const n = Math.min(this.blockSectors, this.remaining);
    const disk = this.activeDisk();
    for (let i = 0; i < n; i++) disk.read(this.lba + i, this.buffer, i * SECTOR);
    this.advance(n);
    this.startTransfer(TO_HOST, n * SECTOR);
  }

  /** Past `n` sectors: the task file follows the transfer, as QEMU's ide_set_sector keeps it. */
  private advance(n: number): void {
    const tf = this.drives[this.active].tf;
    this.lba += n;
    this.remaining -= n;
    tf.setAddress(this.lba, this.lba48);
    tf.count = this.remaining & 0xff;
  }

  private startTransfer(dir: number, bytes: number): void {
    this.transfer = dir;
    this.bufPos = 0;
    this.bufEnd = bytes;
    this.drives[this.active].status = ST_IDLE | ST_DRQ;
  }

  /** Drops a transfer in progress (a reset, or a command to the other position). */
  private endTransfer(): void {
    if (this.transfer !== NONE) this.drives[this.active].status &= ~ST_DRQ;
    this.transfer = NONE;
    this.remaining = 0;
  }

  /** The data register as the selected position reads it: 0 outside its data-in transfer. */
  private readData(size: number): number {
    if (this.transfer !== TO_HOST || this.active !== this.unit) return 0;
    const b = this.buffer;
    const p = this.bufPos;
    let v = b[p] | (b[p + 1] << 8);
    if (size === 4) v = (v | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
    this.bufPos = p + size;
    if (this.bufPos >= this.bufEnd) this.endOfBlock();
    return v;
  }

  private writeData(size: number, value: number): void {
    if (this.transfer !== FROM_HOST || this.active !== this.unit) return;
    for (let i = 0; i < size; i++) this.buffer[this.bufPos + i] = (value >>> (8 * i)) & 0xff;
    this.bufPos += size;
    if (this.bufPos >= this.bufEnd) this.endOfBlock();
  }

  /** The host has moved a whole DRQ block: commit it, then start the next or finish. */
  private endOfBlock(): void {
    const dir = this.transfer;
    this.transfer = NONE;
    this.drives[this.active].status = ST_IDLE;
    if (this.remaining === 0) return; // a read or IDENTIFY is done, and no further interrupt
    if (dir === FROM_HOST) {
      const n = Math.min(this.blockSectors, this.remaining);
      const disk = this.activeDisk();
      for (let i = 0; i < n; i++) disk.write(this.lba + i, this.buffer, i * SECTOR);
      this.advance(n);
      if (this.remaining === 0) return this.raise(); // a write ends with an interrupt
      this.startTransfer(FROM_HOST, SECTOR * Math.min(this.blockSectors, this.remaining));
    } else {
      this.loadBlock();
    }
    this.raise();
  }

  private inRange(lba: number, n: number): boolean {
    return lba >= 0 && lba + n <= this.activeDisk().sectors;
  }

  private complete(): void {
    this.drives[this.active].status = ST_IDLE;
    this.raise();
  }

  private abort(): void {
    const d = this.drives[this.active];
    this.transfer = NONE;
    d.status = ST_DRDY | ST_ERR;
    d.error = ERR_ABRT;
    this.raise();
  }

  private raise(): void {
    this.intPending = true;
    this.updateIrq();
  }

  private updateIrq(): void {
    this.irq.set(this.intPending && !(this.devctl & CTL_NIEN));
  }

  /**
   * Device control. SRST holds both positions busy; its release resets them and runs their
   * diagnostics, which raise the IRQ (QEMU's ide_perform_srst), with or without disks.
   */
  private writeControl(value: number): void {
    const old = this.devctl;
    this.devctl = value;
    if (value & CTL_SRST && !(old & CTL_SRST)) {
      this.endTransfer();
      for (const d of this.drives) d.status |= ST_BSY; // held in reset while SRST stays set
    } else if (old & CTL_SRST && !(value & CTL_SRST)) {
      this.resetDrives();
      this.intPending = true;
    }
    this.updateIrq();
  }

  private resetDrives(): void {
    this.endTransfer();
    this.unit = 0;
    for (const d of this.drives) d.reset();
  }

  /** Snapshot state: the channel's registers, the transfer in progress, both positions. */
  saveState(): SavedState {
    const fields = saveFields(this, ['disk', 'slaveDisk', 'irq', 'drives']);
    return {
      ...fields,
      irq: this.irq.saveState(),
      drives: this.drives.map((d) => d.saveState()),
    };
  }

  loadState(s: SavedState): void {
    loadFields(this, s);
    this.irq.loadState(s.irq as SavedState);
    (s.drives as SavedState[]).forEach((d, i) => this.drives[i].loadState(d));
  }
}
