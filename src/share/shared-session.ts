/**
 * What a share link carries: enough to rebuild the same machine and bring it to the same
 * instruction with the same view. Plain data (no classes, no BigInt) so the session recorder
 * and replayer can use it as their own record.
 */
export interface SharedSession {
  /** The kernel image that was booted. */
  image: BlobRef;
  machine: SharedMachineConfig;
  /** Guest input in the order it was given, `at` never decreasing. */
  input: InputEvent[];
  /** Instruction count the shared view shows. */
  position: number;
  view: SharedViewState;
}

/** A file of the session, named by the SHA-256 of its bytes. */
export interface BlobRef {
  /** The file's name as it was dropped (Multiboot 1 puts it on the command line). */
  name: string;
  /** Lower-case hex SHA-256 of the bytes. */
  sha256: string;
  /** Size in bytes. */
  size: number;
}

export interface SharedModule extends BlobRef {
  /** The module's command line (QEMU -initrd 'FILE ARGS'). */
  cmdline: string;
}

export interface SharedMachineConfig {
  /** Guest RAM in bytes: a multiple of 4 KiB from 2 MiB to 4 GiB. */
  ramSize: number;
  cmdline: string;
  modules: SharedModule[];
  /** Disk images on the primary ATA channel's master and slave. */
  disk: BlobRef | null;
  diskSlave: BlobRef | null;
}

export type InputDevice = 'serial' | 'keyboard';

export interface InputEvent {
  /** Instruction count at which the bytes arrive. */
  at: number;
  device: InputDevice;
  bytes: Uint8Array;
}

/** A JSON value the UI may keep per panel; bounded in depth, size and string length. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface SharedViewState {
  /** The virtual address the translation panel shows, as `0x` + hex, or null. */
  selectedAddress: string | null;
  /** Panel identifiers, in display order. */
  openPanels: string[];
  /** Breakpoint addresses, as `0x` + hex. */
  breakpoints: string[];
  /** Anything else a panel wants restored (scroll position, expanded nodes...). */
  panelState: { [panel: string]: JsonValue };
}

/**
 * Bounds every decoded field is held to. They are far above what a real session needs and
 * small enough that no link can make the page allocate or render something absurd.
 */
export const SHARE_LIMITS = {
  /** Compressed frame size up to which files travel inside the link. */
  inlineFrameBytes: 48 * 1024,
  /** Compressed frame size of a session kept in the share service (too large for a link). */
  storedFrameBytes: 4 * 1024 * 1024,
  /** Largest decompressed payload a link may declare (decompression bombs stop here). */
  inflatedBytes: 8 * 1024 * 1024,
  /** Largest file a session may name (images, modules, disks). */
  blobBytes: 4 * 1024 * 1024 * 1024,
  minRamSize: 2 * 1024 * 1024,
  maxRamSize: 4 * 1024 * 1024 * 1024,
  nameChars: 255,
  cmdlineChars: 4096,
  modules: 64,
  inputEvents: 100_000,
  inputEventBytes: 4096,
  panels: 32,
  panelIdChars: 32,
  breakpoints: 256,
  jsonDepth: 8,
  jsonNodes: 4096,
  jsonStringChars: 1024,
} as const;
