export { encodeShare } from './encode.ts';
export type { EncodedShare } from './encode.ts';
export { decodeShareLink } from './formats.ts';
export type { DecodedShare, ShareLinkContext } from './link-body.ts';
export { filesOf } from './session-files.ts';
export { isSha256Hex, sha256Hex } from './sha256.ts';
export { SHARE_LIMITS } from './shared-session.ts';
export type {
  BlobRef,
  InputDevice,
  InputEvent,
  JsonValue,
  SharedMachineConfig,
  SharedModule,
  SharedSession,
  SharedViewState,
} from './shared-session.ts';
export type { ShareError, ShareErrorCode, ShareResult } from './share-errors.ts';
export { fetchSessionFiles, uploadFiles } from './share-client.ts';
export type { ShareService } from './share-client.ts';
