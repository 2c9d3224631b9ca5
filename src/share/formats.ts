import type { DecodedShare, ShareLinkContext } from './link-body.ts';
import { readV1, readV2, upgradeV1 } from './link-body.ts';
import { MAX_FRAME_BYTES } from './frame.ts';
import { attempt, fail } from './share-errors.ts';
import type { ShareResult } from './share-errors.ts';
import type { SharedSessionV1 } from './session-json.ts';

/**
 * A link names its format in its fragment, `#ps<version>.<body>`. Each version keeps its
 * reader forever; a reader's document is brought up to the latest version by the `upgrade`
 * of each version in between. Adding v3: write its reader, give v2 an `upgrade` from v2's
 * DecodedShare to v3's, and make v3 the latest. Old links then keep opening.
 */
export interface ShareFormat {
  read(body: string, context: ShareLinkContext): Promise<unknown>;
  /** The document of this version turned into the next version's. */
  upgrade?: (document: unknown) => unknown;
}

export interface FormatTable {
  latest: number;
  formats: ReadonlyMap<number, ShareFormat>;
}

/** 1: the first; 2: the machine's slave disk (`machine.diskSlave`). */
export const SHARE_FORMATS: FormatTable = {
  latest: 2,
  formats: new Map<number, ShareFormat>([
    [1, { read: readV1, upgrade: (d) => upgradeV1(d as DecodedShare<SharedSessionV1>) }],
    [2, { read: readV2 }],
  ]),
};

/** The prefix every link's fragment starts with, before its version number. */
export const FRAGMENT_PREFIX = 'ps';

/** Base64url of the largest frame, plus room for the prefix, any version and the dot. */
const MAX_FRAGMENT_CHARS = Math.ceil((MAX_FRAME_BYTES * 4) / 3) + FRAGMENT_PREFIX.length + 8;

const FRAGMENT = new RegExp(`^${FRAGMENT_PREFIX}(0|[1-9][0-9]{0,5})\\.([\\s\\S]*)$`);

/**
 * Reads a share link (a whole URL, or its fragment with or without `#`); a session kept in
 * the share service is fetched from `context.service`. Never throws.
 */
export function decodeShareLink(
  link: string,
  context: ShareLinkContext = {},
): Promise<ShareResult<DecodedShare>> {
  return decodeWithFormats<DecodedShare>(link, SHARE_FORMATS, context);
}

export function decodeWithFormats<T>(
  link: string,
  table: FormatTable,
  context: ShareLinkContext = {},
): Promise<ShareResult<T>> {
  return attempt(async () => {
    const hash = link.indexOf('#');
    // A URL without a fragment carries no session; anything else is taken as the fragment.
    if (hash < 0 && /^[a-z][a-z0-9+.-]*:\/\//i.test(link)) fail('SHARE_NO_SESSION');
    const fragment = hash >= 0 ? link.slice(hash + 1) : link;
    if (fragment === '') fail('SHARE_NO_SESSION');
    if (fragment.length > MAX_FRAGMENT_CHARS) {
      fail('SHARE_TOO_LONG', `${fragment.length} characters, the limit is ${MAX_FRAGMENT_CHARS}`);
    }
    const match = FRAGMENT.exec(fragment);
    if (!match) fail('SHARE_MALFORMED');
    const version = Number(match[1]);
    const format = table.formats.get(version);
    if (!format) {
      const known = [...table.formats.keys()].join(', ');
      fail('SHARE_UNKNOWN_VERSION', `version ${version}; this pagescope reads ${known}`);
    }
    let document = await format.read(match[2], context);
    for (let v = version; v < table.latest; v++) {
      const upgrade = table.formats.get(v)?.upgrade;
      if (!upgrade) throw new Error(`share format ${v} has no upgrade to ${v + 1}`);
      document = upgrade(document);
    }
    return document as T;
  });
}
