/**
 * The time-travel and session calls of the engine protocol (protocol.ts adds them to
 * EngineCalls): moving in the recorded run, guest input, the session record a share link
 * carries, and opening such a record.
 */
import type { SharedViewState } from '../share/shared-session.ts';
import type { SessionFiles, SessionRecord } from '../session/record.ts';
import type { RunBackTarget, SpaceDiffView } from '../engine/time-travel-views.ts';
import type { BootReply } from './protocol.ts';

/** A session as the page shares it: the record with the page's view state, and its files. */
export interface SharedRecord {
  record: SessionRecord<SharedViewState>;
  files: SessionFiles;
}

export interface TimeTravelCalls {
  /** Goes to an instruction of the run (0 .. the furthest reached); answers once there. */
  seek: { args: { target: number }; result: null };
  /** One instruction back. */
  stepBack: { args: Record<never, never>; result: null };
  /** Back to just before the last such event; `at` is its instruction, null when none. */
  runBack: { args: { to: RunBackTarget }; result: { at: number | null } };
  /** Bytes typed into COM1, recorded in the session's input log at this instruction. */
  sendSerial: { args: { bytes: Uint8Array }; result: null };
  /**
   * A key pressed or released on the PS/2 keyboard (KeyboardEvent.code), recorded as its
   * scancodes in the input log; false for a key the keyboard does not have.
   */
  sendKey: { args: { code: string; down: boolean }; result: boolean };
  /** The session as it stands, with the page's view state, and its files. */
  sessionRecord: { args: { view: SharedViewState }; result: SharedRecord };
  /**
   * Boots a record's files (checked against its hashes) and replays its input up to its
   * position; answers once there. Fails, leaving the running session, when a file is not
   * the one the record names.
   */
  openSession: { args: SharedRecord; result: BootReply };
  /** How the address space at instruction `b` differs from the one at `a`. */
  diffSpaces: { args: { a: number; b: number }; result: SpaceDiffView };
}
