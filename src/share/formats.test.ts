import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeShareLink, decodeWithFormats } from './formats.ts';
import type { FormatTable } from './formats.ts';
import { fail } from './share-errors.ts';
import type { SharedSession } from './shared-session.ts';

interface Fixture {
  what: string;
  link: string;
  session: Omit<SharedSession, 'input'> & {
    input: { at: number; device: string; bytes: string }[];
  };
  /** Files carried in the link: SHA-256 to size. */
  files: Record<string, number>;
  /** Frames the share service holds for the link: SHA-256 to base64url. */
  stored?: Record<string, string>;
}

/** A share service holding `stored` and nothing else. */
function serviceHolding(stored: Record<string, string> = {}) {
  const fake = async (input: RequestInfo | URL): Promise<Response> => {
    const hash = String(input).split('/').at(-1) ?? '';
    const body = stored[hash];
    return body ? new Response(Buffer.from(body, 'base64url')) : new Response('', { status: 404 });
  };
  return { baseUrl: 'https://pagescope.example/', fetch: fake as typeof fetch };
}

function readFixtures(file: string): Fixture[] {
  return JSON.parse(readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8'));
}

/** Opens a fixture's link and expects `session` and the fixture's inline files. */
async function expectOpens(fixture: Fixture, session: Fixture['session']) {
  const result = await decodeShareLink(fixture.link, { service: serviceHolding(fixture.stored) });
  if (!result.ok) throw new Error(result.error.message);
  const { session: opened, files } = result.value;
  expect({
    ...opened,
    input: opened.input.map((e) => ({ ...e, bytes: Buffer.from(e.bytes).toString('hex') })),
  }).toEqual(session);
  expect(Object.fromEntries([...files].map(([h, b]) => [h, b.length]))).toEqual(fixture.files);
}

/** Links made by pagescope's v1 encoder: every later pagescope must open them as they were. */
describe('links made in format v1', () => {
  for (const fixture of readFixtures('v1-links.json')) {
    it(`still open, with no slave disk: ${fixture.what}`, async () => {
      const { session } = fixture;
      await expectOpens(fixture, { ...session, machine: { ...session.machine, diskSlave: null } });
    });
  }
});

/** Links made by pagescope's v2 encoder (the slave disk): every later pagescope opens them. */
describe('links made in format v2', () => {
  for (const fixture of readFixtures('v2-links.json')) {
    it(`still open: ${fixture.what}`, () => expectOpens(fixture, fixture.session));
  }
});

/**
 * A two-version table standing in for the day v2 exists: v1 documents are `{ n }`, v2 ones
 * `{ count, unit }`. It proves the dispatch and the upgrade chain, not any real format.
 */
const TWO_VERSIONS: FormatTable = {
  latest: 2,
  formats: new Map([
    [
      1,
      {
        read: async (body: string) => ({ n: Number(body) }),
        upgrade: (d: unknown) => ({ count: (d as { n: number }).n, unit: 'instructions' }),
      },
    ],
    [
      2,
      {
        read: async (body: string) => {
          const [count, unit] = body.split('-');
          if (!unit) fail('SHARE_MALFORMED', 'v2 needs a unit');
          return { count: Number(count), unit };
        },
      },
    ],
  ]),
};

describe('decodeWithFormats', () => {
  it('reads the latest version as it is', async () => {
    expect(await decodeWithFormats('#ps2.7-cycles', TWO_VERSIONS)).toEqual({
      ok: true,
      value: { count: 7, unit: 'cycles' },
    });
  });

  it('reads an older version with its own reader, then upgrades it to the latest', async () => {
    expect(await decodeWithFormats('https://x.example/#ps1.42', TWO_VERSIONS)).toEqual({
      ok: true,
      value: { count: 42, unit: 'instructions' },
    });
  });

  it('passes a reader error through as data', async () => {
    const result = await decodeWithFormats('#ps2.7', TWO_VERSIONS);
    expect(result).toMatchObject({ ok: false, error: { code: 'SHARE_MALFORMED' } });
  });

  it('refuses a version the table does not have, listing the ones it reads', async () => {
    const result = await decodeWithFormats('#ps3.1', TWO_VERSIONS);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'SHARE_UNKNOWN_VERSION', message: expect.stringContaining('reads 1, 2') },
    });
  });
});
