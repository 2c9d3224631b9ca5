import { loadFields, saveFields } from '../machine/snapshot-fields.ts';
import type { SavedState } from '../machine/snapshot-fields.ts';
import { AtaDisk, MAX_MULTIPLE } from './ata-disk.ts';
import { AtaTaskFile } from './ata-taskfile.ts';

export const ST_ERR = 0x01;
export const ST_DRQ = 0x08;
export const ST_DSC = 0x10; // seek complete
export const ST_DRDY = 0x40;
export const ST_BSY = 0x80;
export const ST_IDLE = ST_DRDY | ST_DSC;

/**
 * One drive position of an ATA channel, master or slave: the disk attached there, if any, and
 * the registers each device keeps for itself (QEMU's IDEState): task file, status, error and
 * the SET MULTIPLE block size. A position without a disk still has them: QEMU runs commands
 * sent to an empty master position (most abort) and resets its signature to 0xff/0xff.
 */
export class AtaDrive {
  readonly disk: AtaDisk | undefined;
  readonly tf = new AtaTaskFile();
  status = ST_IDLE;
  error = 0x01;
  multiple = MAX_MULTIPLE;

  constructor(image: Uint8Array | undefined) {
    this.disk = image ? new AtaDisk(image) : undefined;
  }

  get present(): boolean {
    return this.disk !== undefined;
  }

  /** Power-on, hardware or software reset: registers cleared, then diagnostics. */
  reset(): void {
    this.multiple = MAX_MULTIPLE;
    this.tf.clear();
    this.diagnose();
  }

  /** EXECUTE DEVICE DIAGNOSTIC's outcome: the signature, ready, code 1 ("passed"). */
  diagnose(): void {
    this.tf.setSignature(this.present);
    this.status = ST_IDLE;
    this.error = 0x01;
  }

  /** Snapshot state: the registers and the sectors the guest wrote. */
  saveState(): SavedState {
    const s: SavedState = { ...saveFields(this, ['disk', 'tf']), tf: this.tf.saveState() };
    if (this.disk) s.disk = this.disk.saveState();
    return s;
  }

  loadState(s: SavedState): void {
    loadFields(this, s);
    this.tf.loadState(s.tf as SavedState);
    this.disk?.loadState(s.disk as SavedState);
  }
}
