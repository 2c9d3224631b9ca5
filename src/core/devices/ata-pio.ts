import { loadFields, saveFields } from '../machine/snapshot-fields.ts';
import type { SavedState } from '../machine/snapshot-fields.ts';
import type { PortBus, PortDevice } from '../io-bus.ts';
import { AtaDisk, MAX_MULTIPLE, SECTOR } from './ata-disk.ts';
import { AtaTaskFile } from './ata-taskfile.ts';
import { IrqLine } from './byte-port-device.ts';
import type { DeviceHost } from './device-host.ts';

const ST_ERR = 0x01;
const ST_DRQ = 0x08;
const ST_DSC = 0x10; // seek complete
const ST_DRDY = 0x40;
const ST_BSY = 0x80;
const ST_IDLE = ST_DRDY | ST_DSC;
const ERR_ABRT = 0x04;
const CTL_NIEN = 0x02;
const CTL_SRST = 0x04;
const CTL_HOB = 0x80;
const DEV_SLAVE = 0x10;

const NONE = 0;
const TO_HOST = 1; // PIO data-in: READ, IDENTIFY
const FROM_HOST = 2; // PIO data-out: WRITE

export interface AtaOptions {
  /** The master disk's image; without either image, the channel reads as QEMU's with no drives. */
  image?: Uint8Array;
  /** The slave disk's image (QEMU's `-drive file=...,index=1`: xv6 keeps its file system there). */
  slaveImage?: Uint8Array;
  base?: number;
  control?: number;
  irq?: number;
}

/**
 * The primary ATA channel in PIO mode (0x1f0-0x1f7, device control / alternate status at
 * 0x3f6, IRQ14) with up to two disks, master and slave, chosen by the DEV bit of the device
 * register. Commands complete instantly (BSY is never seen) but status, DRQ blocks and
 * interrupts follow ATA-7 and QEMU's hw/ide/core.c: reading the status register acknowledges
 * the interrupt, the alternate status does not, nIEN masks INTRQ, and an absent device
 * reads 0 in its status and error registers (how kernels probe for it). Both drives see every
 * task file write; one command runs at a time on the channel, so they share its progress.
 */
export class AtaPio implements PortDevice {
  /** The master disk. */
  readonly disk: AtaDisk | undefined;
  readonly slaveDisk: AtaDisk | undefined;
  readonly base: number;
  readonly control: number;
  private readonly irq: IrqLine;
  private readonly tf = new AtaTaskFile();
  private status = ST_IDLE;
  private error = 0x01;
  private devctl = 0;
  private intPending = false;
  private multiple = MAX_MULTIPLE;
  // The PIO transfer in progress.
  private readonly buffer = new Uint8Array(SECTOR * MAX_MULTIPLE);
  private bufPos = 0;
  private bufEnd = 0;
  private transfer = NONE;
  private lba = 0;
  private remaining = 0;
  private blockSectors = 1;
  private lba48 = false;
  /** The drive the running command addresses: 0 master, 1 slave. */
  private active = 0;

  constructor(host: DeviceHost, options: AtaOptions = {}) {
    this.disk = options.image ? new AtaDisk(options.image) : undefined;
    this.slaveDisk = options.slaveImage ? new AtaDisk(options.slaveImage) : undefined;
    this.base = options.base ?? 0x1f0;
    this.control = options.control ?? 0x3f6;
    this.irq = new IrqLine(host, options.irq ?? 14);
    this.reset();
  }

  attach(bus: PortBus): void {
    bus.register(this.base, 8, this);
    bus.register(this.control, 1, this);
  }

  /** Power-on or hardware reset: diagnostics passed, the ATA signature in the task file. */
  reset(): void {
    this.devctl = 0;
    this.softReset();
  }

  in(port: number, size: number): number {
    if (port === this.control) return this.statusShown() ? this.status : 0;
    const reg = port - this.base;
    if (reg === 0) return size === 1 ? 0xff : this.readData(size);
    if (!this.disk && !this.slaveDisk) return 0;
    const hob = (this.devctl & CTL_HOB) !== 0;
    if (reg === 1) {
      if (!this.present()) return 0;
      return hob ? this.tf.hobFeature : this.error;
    }
    if (reg < 7) return this.tf.read(reg, hob);
    this.intPending = false; // reading status acknowledges the interrupt
    this.updateIrq();
    return this.statusShown() ? this.status : 0;
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
      this.tf.write(reg, value);
      return;
    }
    this.intPending = false;
    this.updateIrq();
    this.command(value);
  }

  /** The disk in the position the device register selects, if one is attached there. */
  private selected(): AtaDisk | undefined {
    return this.tf.device & DEV_SLAVE ? this.slaveDisk : this.disk;
  }

  private present(): boolean {
    return this.selected() !== undefined;
  }

  /**
   * Whether the status registers show the channel's status rather than 0. QEMU (hw/ide/core.c,
   * ide_ioport_read) zeroes them only for an empty channel or an absent slave: an absent
   * master beside a slave reads ready. xv6 counts on it: it waits for DRDY on drive 0 before
   * probing drive 1, with its file system alone on the slave.
   */
  private statusShown(): boolean {
    return this.present() || (!(this.tf.device & DEV_SLAVE) && this.slaveDisk !== undefined);
  }

  /** The disk the running command addresses. */
  private activeDisk(): AtaDisk {
    return (this.active === 1 ? this.slaveDisk : this.disk)!;
  }

  private command(cmd: number): void {
    // Commands to an absent drive go nowhere; none is accepted mid-transfer.
    const disk = this.selected();
    if (!disk || this.status & (ST_BSY | ST_DRQ)) return;
    this.active = this.tf.device & DEV_SLAVE ? 1 : 0;
    this.error = 0;
    switch (cmd) {
      case 0xec: // IDENTIFY DEVICE
        disk.identify(this.multiple, this.buffer);
        this.startTransfer(TO_HOST, SECTOR);
        return this.raise();
      case 0x20: // READ SECTORS (and the old "without retry" form)
      case 0x21:
      case 0x24: // READ SECTORS EXT
        return this.startRw(TO_HOST, cmd === 0x24, 1);
      case 0xc4: // READ MULTIPLE
      case 0x29: // READ MULTIPLE EXT
        return this.startRw(TO_HOST, cmd === 0x29, this.multiple);
      case 0x30: // WRITE SECTORS
      case 0x31:
      case 0x34: // WRITE SECTORS EXT
        return this.startRw(FROM_HOST, cmd === 0x34, 1);
      case 0xc5: // WRITE MULTIPLE
      case 0x39: // WRITE MULTIPLE EXT
        return this.startRw(FROM_HOST, cmd === 0x39, this.multiple);
      case 0x40: // READ VERIFY SECTORS
      case 0x41:
      case 0x42: {
        const ext = cmd === 0x42;
        if (!this.inRange(this.tf.address(ext, disk), this.tf.sectorCount(ext)))
          return this.abort();
        return this.complete();
      }
      case 0xc6: {
        // SET MULTIPLE MODE: a power of two up to 16 sectors per block.
        const n = this.tf.count;
        if (n === 0 || n > MAX_MULTIPLE || n & (n - 1)) {
          return this.abort();
        }
        this.multiple = n;
        return this.complete();
      }
      case 0xf8: // READ NATIVE MAX ADDRESS
      case 0x27: // READ NATIVE MAX ADDRESS EXT
        this.tf.setAddress(disk.sectors - 1, cmd === 0x27);
        return this.complete();
      case 0x90: // EXECUTE DEVICE DIAGNOSTIC
        this.tf.setSignature();
        this.error = 0x01;
        return this.complete();
      case 0xe5: // CHECK POWER MODE: active or idle
      case 0x98:
        this.tf.count = 0xff;
        return this.complete();
      case 0x10: // RECALIBRATE
      case 0x70: // SEEK
      case 0x91: // INITIALIZE DEVICE PARAMETERS
      case 0xe7: // FLUSH CACHE (nothing is cached: writes land at once)
      case 0xea: // FLUSH CACHE EXT
      case 0xef: // SET FEATURES (transfer mode, write cache...): accepted, nothing changes
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
    const lba = this.tf.address(ext, this.activeDisk());
    const n = this.tf.sectorCount(ext);
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

  private loadBlock(): void {
    const n = Math.min(this.blockSectors, this.remaining);
    const disk = this.activeDisk();
    for (let i = 0; i < n; i++) disk.read(this.lba + i, this.buffer, i * SECTOR);
    this.startTransfer(TO_HOST, n * SECTOR);
  }

  private startTransfer(dir: number, bytes: number): void {
    this.transfer = dir;
    this.bufPos = 0;
    this.bufEnd = bytes;
    this.status = ST_IDLE | ST_DRQ;
  }

  private readData(size: number): number {
    if (this.transfer !== TO_HOST || !this.present()) return 0;
    const b = this.buffer;
    const p = this.bufPos;
    let v = b[p] | (b[p + 1] << 8);
    if (size === 4) v = (v | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
    this.bufPos = p + size;
    if (this.bufPos >= this.bufEnd) this.endOfBlock();
    return v;
  }

  private writeData(size: number, value: number): void {
    if (this.transfer !== FROM_HOST || !this.present()) return;
    for (let i = 0; i < size; i++) this.buffer[this.bufPos + i] = (value >>> (8 * i)) & 0xff;
    this.bufPos += size;
    if (this.bufPos >= this.bufEnd) this.endOfBlock();
  }

  /** The host has moved a whole DRQ block: commit it, then start the next or finish. */
  private endOfBlock(): void {
    const dir = this.transfer;
    this.transfer = NONE;
    this.status = ST_IDLE;
    if (this.remaining === 0) return; // IDENTIFY: done, and no second interrupt
    const n = Math.min(this.blockSectors, this.remaining);
    if (dir === FROM_HOST) {
      const disk = this.activeDisk();
      for (let i = 0; i < n; i++) disk.write(this.lba + i, this.buffer, i * SECTOR);
    }
    this.lba += n;
    this.remaining -= n;
    // The task file follows the transfer, as QEMU's ide_set_sector keeps it.
    this.tf.setAddress(this.lba, this.lba48);
    this.tf.count = this.remaining & 0xff;
    if (this.remaining > 0) {
      if (dir === TO_HOST) this.loadBlock();
      else this.startTransfer(FROM_HOST, SECTOR * Math.min(this.blockSectors, this.remaining));
      this.raise();
    } else if (dir === FROM_HOST) {
      this.raise(); // a write ends with an interrupt; a read ended when its last block was read
    }
  }

  private inRange(lba: number, n: number): boolean {
    return lba >= 0 && lba + n <= this.activeDisk().sectors;
  }

  private complete(): void {
    this.status = ST_IDLE;
    this.raise();
  }

  private abort(): void {
    this.transfer = NONE;
    this.status = ST_DRDY | ST_ERR;
    this.error = ERR_ABRT;
    this.raise();
  }

  private raise(): void {
    this.intPending = true;
    this.updateIrq();
  }

  private updateIrq(): void {
    this.irq.set(this.intPending && !(this.devctl & CTL_NIEN));
  }

  private writeControl(value: number): void {
    const old = this.devctl;
    this.devctl = value;
    if (value & CTL_SRST && !(old & CTL_SRST)) {
      this.transfer = NONE;
      this.status = ST_BSY | ST_DSC; // held in reset while SRST stays set
    } else if (old & CTL_SRST && !(value & CTL_SRST)) {
      this.softReset();
    }
    this.updateIrq();
  }

  private softReset(): void {
    this.transfer = NONE;
    this.remaining = 0;
    this.multiple = MAX_MULTIPLE;
    this.tf.clear();
    this.tf.setSignature();
    this.status = ST_IDLE;
    this.error = 0x01; // diagnostic code: device 0 passed, device 1 passed or absent
    this.intPending = false;
    this.updateIrq();
  }

  /** Snapshot state: registers, the transfer in progress, the IRQ level and written sectors. */
  saveState(): SavedState {
    const fields = saveFields(this, ['disk', 'slaveDisk', 'irq', 'tf']);
    const s: SavedState = { ...fields, irq: this.irq.saveState(), tf: this.tf.saveState() };
    if (this.disk) s.disk = this.disk.saveState();
    if (this.slaveDisk) s.slaveDisk = this.slaveDisk.saveState();
    return s;
  }

  loadState(s: SavedState): void {
    loadFields(this, s);
    this.irq.loadState(s.irq as SavedState);
    this.tf.loadState(s.tf as SavedState);
    this.disk?.loadState(s.disk as SavedState);
    this.slaveDisk?.loadState(s.slaveDisk as SavedState);
  }
}
