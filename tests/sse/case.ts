// One SSE/x87 comparison case and its outcome, shared by the native and emulator sides.
export const CODE_BASE = 0x100000;
export const DATA_BASE = 0x200000;
export const DATA_SIZE = 0x2000;
export const FX_SIZE = 512;

export interface SseCase {
  code: Uint8Array;
  /** RAX..R15 in encoding order, unsigned. */
  gpr: bigint[];
  /** FXSAVE64 image the case starts from: FCW, FSW, FTW, MXCSR, ST0-7, XMM0-15. */
  fx: Uint8Array;
  /** The data window at DATA_BASE. */
  data: Uint8Array;
}

export interface SseOutcome {
  vector: number | null;
  errorCode: number | null;
  gpr: bigint[];
  rip: bigint;
  /** FXSAVE64 image after the case; bytes 416-511 are zero. */
  fx: Uint8Array;
  data: Uint8Array;
}
