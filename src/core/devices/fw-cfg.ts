import type { SavedState } from '../machine/snapshot-fields.ts';
import type { PortBus, PortDevice } from '../io-bus.ts';

export const FW_CFG_PORT = 0x510;

// Selector keys (QEMU include/standard-headers/linux/qemu_fw_cfg.h).
export const FW_CFG_SIGNATURE = 0x0000;
export const FW_CFG_ID = 0x0001;
export const FW_CFG_UUID = 0x0002;
export const FW_CFG_RAM_SIZE = 0x0003;
export const FW_CFG_NOGRAPHIC = 0x0004;
export const FW_CFG_NB_CPUS = 0x0005;
export const FW_CFG_BOOT_MENU = 0x000e;
export const FW_CFG_MAX_CPUS = 0x000f;
export const FW_CFG_FILE_DIR = 0x0019;
export const FW_CFG_FILE_FIRST = 0x0020;
/** Bit 14 asks for write access (ignored since QEMU 2.4); bit 15 selects the arch range. */
const KEY_MASK = 0xbfff;
const NAME_MAX = 56;

export interface FwCfgOptions {
  ramSize: number;
  cpus?: number;
  /** Named items ("etc/...", "opt/...") listed in the file directory. */
  files?: { name: string; data: Uint8Array }[];
}

/**
 * QEMU's firmware configuration device on I/O ports (docs/specs/fw_cfg.rst): a 16-bit write
 * to 0x510 selects an item and rewinds it, byte reads of 0x511 (or 0x510) return its bytes
 * and then 0. Only the traditional interface is offered: FW_CFG_ID says so (bit 1, DMA,
 * clear) and nothing answers at 0x514. The file directory lists what QEMU's pc machine
 * provides without options that the emulator can honestly give (etc/boot-fail-wait), plus
 * what the machine adds with addFile (ACPI tables, an e820 map...).
 */
export class FwCfg implements PortDevice {
  private readonly items = new Map<number, Uint8Array>();
  private readonly files = new Map<string, Uint8Array>();
  private current: Uint8Array | undefined;
  private offset = 0;

  constructor(options: FwCfgOptions) {
    const cpus = options.cpus ?? 1;
    this.items.set(FW_CFG_SIGNATURE, new TextEncoder().encode('QEMU'));
    this.items.set(FW_CFG_ID, le(1, 4));
    this.items.set(FW_CFG_UUID, new Uint8Array(16));
    this.items.set(FW_CFG_RAM_SIZE, le(options.ramSize, 8));
    this.items.set(FW_CFG_NOGRAPHIC, le(0, 2));
    this.items.set(FW_CFG_NB_CPUS, le(cpus, 2));
    this.items.set(FW_CFG_BOOT_MENU, le(0, 2));
    this.items.set(FW_CFG_MAX_CPUS, le(cpus, 2));
    // -1: SeaBIOS never reboots after a failed boot (QEMU's default -boot reboot-timeout).
    this.addFile('etc/boot-fail-wait', le(0xffffffff, 4));
    for (const f of options.files ?? []) this.addFile(f.name, f.data);
    this.select(FW_CFG_SIGNATURE);
  }

  attach(bus: PortBus): void {
    bus.register(FW_CFG_PORT, 2, this);
  }

  /** Adds (or replaces) a named item; the directory stays sorted by name, as QEMU keeps it. */
  addFile(name: string, data: Uint8Array): void {
    if (name.length === 0 || name.length >= NAME_MAX) {
      throw new RangeError(`fw_cfg file name "${name}" must be 1 to ${NAME_MAX - 1} characters`);
    }
    this.files.set(name, data);
    for (let key = FW_CFG_FILE_FIRST; this.items.has(key); key++) this.items.delete(key);
    const names = [...this.files.keys()].sort();
    const dir = new Uint8Array(4 + names.length * 64);
    const view = new DataView(dir.buffer);
    view.setUint32(0, names.length); // the directory is big-endian, unlike the numeric items
    names.forEach((n, i) => {
      const entry = 4 + i * 64;
      const item = this.files.get(n)!;
      view.setUint32(entry, item.length);
      view.setUint16(entry + 4, FW_CFG_FILE_FIRST + i);
      dir.set(new TextEncoder().encode(n), entry + 8);
      this.items.set(FW_CFG_FILE_FIRST + i, item);
    });
    this.items.set(FW_CFG_FILE_DIR, dir);
  }

  /** The selector key a named file has now. */
  fileKey(name: string): number | undefined {
    const i = [...this.files.keys()].sort().indexOf(name);
    return i < 0 ? undefined : FW_CFG_FILE_FIRST + i;
  }

  in(_port: number, size: number): number {
    // Only byte reads are valid; a wider one is refused, and the bus reads all ones.
    if (size !== 1) return size === 4 ? 0xffffffff : 0xffff;
    const item = this.current;
    if (!item || this.offset >= item.length) return 0;
    return item[this.offset++];
  }

  out(port: number, size: number, value: number): void {
    // A 16-bit write to the selector selects; byte writes to the data register are ignored.
    if (size === 2 && port === FW_CFG_PORT) this.select(value & 0xffff);
  }

  private select(key: number): void {
    this.current = this.items.get(key & KEY_MASK);
    this.offset = 0;
  }

  /** Snapshot state: the selected item, by its key (-1: none), and the read offset in it. */
  saveState(): SavedState {
    let key = -1;
    for (const [k, item] of this.items) if (item === this.current) key = k;
    return { key, offset: this.offset };
  }

  loadState(s: SavedState): void {
    this.current = this.items.get(s.key as number);
    this.offset = s.offset as number;
  }
}

/** `value` as `bytes` little-endian bytes (values up to 2^53, without BigInt). */
function le(value: number, bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) {
    out[i] = value % 256;
    value = Math.floor(value / 256);
  }
  return out;
}
