import { loadFields, saveFields } from '../machine/snapshot-fields.ts';
import type { SavedState } from '../machine/snapshot-fields.ts';
import type { AtaDisk } from './ata-disk.ts';

const DEV_LBA = 0x40;

/**
 * The ATA task file: the command block registers of one device (the channel writes to both
 * devices' task files at once, and commands and resets change each device's own), each with the "previous content" copy that 48-bit commands read as the high
 * bytes and that HOB in device control reads back. Also how they name a sector: LBA28 with
 * bits 24-27 in the device register, LBA48 across both generations, or cylinder/head/sector.
 */
export class AtaTaskFile {
  feature = 0;
  count = 0;
  sector = 0;
  lcyl = 0;
  hcyl = 0;
  hobFeature = 0;
  hobCount = 0;
  hobSector = 0;
  hobLcyl = 0;
  hobHcyl = 0;
  device = 0xa0;

  /** A write to register 1-6 (features, count, LBA low/mid/high, device). */
  write(reg: number, value: number): void {
    switch (reg) {
      case 1:
        this.hobFeature = this.feature;
        this.feature = value;
        break;
      case 2:
        this.hobCount = this.count;
        this.count = value;
        break;
      case 3:
        this.hobSector = this.sector;
        this.sector = value;
        break;
      case 4:
        this.hobLcyl = this.lcyl;
        this.lcyl = value;
        break;
      case 5:
        this.hobHcyl = this.hcyl;
        this.hcyl = value;
        break;
      default:
        this.device = value | 0xa0; // bits 7 and 5 are obsolete and read as one
    }
  }

  /** Register 2-6 as read, the high-order generation when `hob`. */
  read(reg: number, hob: boolean): number {
    switch (reg) {
      case 2:
        return hob ? this.hobCount : this.count;
      case 3:
        return hob ? this.hobSector : this.sector;
      case 4:
        return hob ? this.hobLcyl : this.lcyl;
      case 5:
        return hob ? this.hobHcyl : this.hcyl;
      default:
        return this.device;
    }
  }

  /** The starting sector of a command: LBA48 (`ext`), LBA28, or CHS on `disk`'s geometry. */
  address(ext: boolean, disk: AtaDisk): number {
    if (ext) {
      const high = this.hobHcyl * 2 ** 16 + this.hobLcyl * 2 ** 8 + this.hobSector;
      return high * 2 ** 24 + ((this.hcyl << 16) | (this.lcyl << 8) | this.sector);
    }
    if (this.device & DEV_LBA) {
      return ((this.device & 0x0f) << 24) | (this.hcyl << 16) | (this.lcyl << 8) | this.sector;
    }
    const cyl = (this.hcyl << 8) | this.lcyl;
    return (cyl * disk.heads + (this.device & 0x0f)) * disk.sectorsPerTrack + this.sector - 1;
  }

  /** Writes a sector address back, as the device does while a transfer progresses. */
  setAddress(lba: number, ext: boolean): void {
    this.sector = lba & 0xff;
    this.lcyl = (lba >>> 8) & 0xff;
    this.hcyl = (lba >>> 16) & 0xff;
    if (ext) {
      this.hobSector = Math.floor(lba / 2 ** 24) & 0xff;
      this.hobLcyl = Math.floor(lba / 2 ** 32) & 0xff;
      this.hobHcyl = Math.floor(lba / 2 ** 40) & 0xff;
    } else {
      this.device = (this.device & 0xf0) | ((lba >>> 24) & 0x0f);
    }
  }

  /** The sector count: 0 means 256, or 65536 for the EXT commands. */
  sectorCount(ext: boolean): number {
    if (ext) return (this.hobCount << 8) | this.count || 65536;
    return this.count || 256;
  }

  /**
   * After a reset or diagnostics: "an ATA device" in the LBA mid/high registers (ATAPI would
   * put 0x14/0xeb there), or 0xff/0xff for a position with no drive, as QEMU's
   * ide_set_signature leaves it. The head bits clear, and so does DEV: under QEMU 7.2 a slave
   * reads its device register as 0xa0 after diagnostics (measured with kernels/ata-probe).
   */
  setSignature(present: boolean): void {
    this.count = 1;
    this.sector = 1;
    this.lcyl = this.hcyl = present ? 0 : 0xff;
    this.device &= 0xe0;
  }

  /** Power-on values (the signature is set separately). */
  clear(): void {
    this.feature = this.hobFeature = this.hobCount = this.hobSector = 0;
    this.hobLcyl = this.hobHcyl = 0;
    this.device = 0xa0;
  }

  /** Snapshot state (core/machine/snapshot-fields.ts): every register. */
  saveState(): SavedState {
    return saveFields(this);
  }

  loadState(s: SavedState): void {
    loadFields(this, s);
  }
}
