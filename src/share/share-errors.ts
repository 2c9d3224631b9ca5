/**
 * The catalog of share-link errors. Every way a link can fail to open has a code, a sentence
 * saying what is wrong and a hint saying what to do; the decoder adds the specifics (a field
 * path, a size) as a detail. Decoding returns these as data and never throws for bad input.
 */
const CATALOG = {
  SHARE_NO_SESSION: [
    'The link carries no pagescope session',
    'Open the whole link as it was shared: the session is the part after "#".',
  ],
  SHARE_MALFORMED: [
    'The link does not have the shape of a pagescope session',
    'Copy the link again from where it was shared; it should end in "#ps", a version number, a dot, then letters and digits.',
  ],
  SHARE_UNKNOWN_VERSION: [
    'The link was made in a share format this pagescope does not know',
    'Open it with the pagescope that made it, or update this one.',
  ],
  SHARE_TOO_LONG: [
    'The link is longer than any session pagescope makes',
    'Ask for a new link; large images travel through the share service, not in the link.',
  ],
  SHARE_BAD_BASE64: [
    'The link contains characters a session cannot contain',
    'The link was altered on the way (a mail client or chat may have rewrapped it); copy it again.',
  ],
  SHARE_TRUNCATED: [
    'The link was cut short',
    'Copy the whole link again: some of its end is missing.',
  ],
  SHARE_CHECKSUM: [
    'The link is damaged: its checksum does not match its contents',
    'Copy the link again from where it was shared.',
  ],
  SHARE_BAD_DEFLATE: [
    'The session in the link cannot be decompressed',
    'The link is damaged or was not made by pagescope; ask for a new link.',
  ],
  SHARE_TOO_LARGE: [
    'The session in the link expands beyond the size pagescope accepts',
    'Ask for a new link; a link this large was not made by pagescope.',
  ],
  SHARE_BAD_JSON: [
    'The session record in the link is not readable',
    'The link was not made by pagescope or is damaged; ask for a new link.',
  ],
  SHARE_BAD_FIELD: [
    'The session record in the link has a field pagescope does not accept',
    'The link was not made by this pagescope or was edited; ask for a new link.',
  ],
  SHARE_HASH_MISMATCH: [
    'A file carried in the link does not match its SHA-256',
    'The link was altered; ask for a new link.',
  ],
  SHARE_SESSION_TOO_LARGE: [
    'The session is too large to share',
    'Shorten the input log (share an earlier position) or end the session sooner.',
  ],
  SHARE_NEEDS_SERVICE: [
    'The session is stored in the share service, and no share service is configured here',
    'Open the link on the pagescope site it was shared from.',
  ],
  SHARE_FILE_MISSING: [
    'A file of the shared session is not in the share service',
    'Ask whoever shared the link to share it again: the upload did not finish or was removed.',
  ],
  SHARE_SERVICE_UNAVAILABLE: [
    'The share service did not answer as expected',
    'Try again in a moment; if it persists, the share service is down.',
  ],
  SHARE_UPLOAD_REFUSED: [
    'The share service refused a file of the session',
    'The message says why (too large, storage full, too many requests); share a smaller session or try later.',
  ],
} as const satisfies Record<string, readonly [string, string]>;

export type ShareErrorCode = keyof typeof CATALOG;

export interface ShareError {
  code: ShareErrorCode;
  /** One sentence: what is wrong, with the specifics. */
  message: string;
  /** What to do about it. */
  hint: string;
}

export function shareError(code: ShareErrorCode, detail?: string): ShareError {
  const [summary, hint] = CATALOG[code];
  return { code, message: detail ? `${summary}: ${detail}.` : `${summary}.`, hint };
}

/**
 * Raised inside the codec to abandon a link; the public functions catch it and return the
 * error, so no caller ever sees an exception for bad input.
 */
export class ShareFailure extends Error {
  constructor(readonly error: ShareError) {
    super(error.message);
  }
}

export function fail(code: ShareErrorCode, detail?: string): never {
  throw new ShareFailure(shareError(code, detail));
}

export type ShareResult<T> = { ok: true; value: T } | { ok: false; error: ShareError };

/** Runs a step that may fail with ShareFailure and returns its outcome as a value. */
export async function attempt<T>(step: () => Promise<T> | T): Promise<ShareResult<T>> {
  try {
    return { ok: true, value: await step() };
  } catch (e) {
    if (e instanceof ShareFailure) return { ok: false, error: e.error };
    throw e;
  }
}
