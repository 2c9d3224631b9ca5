import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { encodeBase64url } from './base64url.ts';
import { encodeShare } from './encode.ts';
import { decodeShareLink } from './formats.ts';
import { packFrame, sealFrame } from './frame.ts';
import { writeSessionJson } from './session-json.ts';
import type { ShareErrorCode } from './share-errors.ts';
import { SHARE_LIMITS } from './shared-session.ts';
import { noiseBytes, sampleSession } from './test-helpers.ts';

const IMAGE = noiseBytes(64, 11);
const SESSION = await sampleSession(IMAGE);

/** A link of the latest format whose payload is this record (any JSON) followed by `tail`. */
async function linkOf(record: unknown, tail: Uint8Array = new Uint8Array()): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(record));
  return linkOfPayload(json, tail);
}

async function linkOfPayload(
  record: Uint8Array,
  tail: Uint8Array = new Uint8Array(),
): Promise<string> {
  const payload = new Uint8Array(4 + record.length + tail.length);
  new DataView(payload.buffer).setUint32(0, record.length, true);
  payload.set(record, 4);
  payload.set(tail, 4 + record.length);
  return `ps2.${encodeBase64url(await packFrame(payload))}`;
}

/** A record as JSON.parse gives it: forged records are edited freely, whatever the types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Forgeable = any;

/** The sample session's record, changed by `edit` (which may mutate it freely). */
function record(edit: (r: Forgeable) => void = () => {}, inline: string[] = []): unknown {
  const r = JSON.parse(JSON.stringify(writeSessionJson(SESSION, inline)));
  edit(r);
  return r;
}

async function expectError(link: string, code: ShareErrorCode, detail?: RegExp) {
  const result = await decodeShareLink(link);
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe(code);
  expect(result.error.hint.length).toBeGreaterThan(10);
  if (detail) expect(result.error.message).toMatch(detail);
}

async function validLink(): Promise<string> {
  const encoded = await encodeShare(SESSION, new Map([[SESSION.image.sha256, IMAGE]]));
  if (!encoded.ok) throw new Error(encoded.error.message);
  return encoded.value.fragment;
}

describe('decodeShareLink on links that are not sessions', () => {
  it('no fragment: SHARE_NO_SESSION', async () => {
    await expectError('', 'SHARE_NO_SESSION');
    await expectError('https://pagescope.example/#', 'SHARE_NO_SESSION');
    await expectError('https://pagescope.example/app?x=1', 'SHARE_NO_SESSION');
  });

  it('another shape: SHARE_MALFORMED', async () => {
    await expectError('https://pagescope.example/#tree', 'SHARE_MALFORMED');
    await expectError('#ps01.AAAA', 'SHARE_MALFORMED');
    await expectError('#ps1', 'SHARE_MALFORMED');
  });

  it('a version this build does not read: SHARE_UNKNOWN_VERSION naming it', async () => {
    await expectError('#ps3.AAAA', 'SHARE_UNKNOWN_VERSION', /version 3; this pagescope reads 1, 2/);
    await expectError('#ps999999.AAAA', 'SHARE_UNKNOWN_VERSION', /version 999999/);
  });

  it('longer than any link pagescope makes: SHARE_TOO_LONG before decoding', async () => {
    await expectError(`#ps1.${'A'.repeat(200_000)}`, 'SHARE_TOO_LONG', /200004 characters/);
  });

  it('characters outside base64url: SHARE_BAD_BASE64', async () => {
    const link = await validLink();
    await expectError(`${link.slice(0, 20)}<${link.slice(21)}`, 'SHARE_BAD_BASE64', /character 17/);
    await expectError(`${link.slice(0, 20)}%20${link.slice(20)}`, 'SHARE_BAD_BASE64');
  });

  it('cut short: SHARE_TRUNCATED with how much is there', async () => {
    const link = await validLink();
    await expectError(
      link.slice(0, link.length - 8),
      'SHARE_TRUNCATED',
      /compressed bytes are present/,
    );
    await expectError('#ps1.AAAAAAAA', 'SHARE_TRUNCATED', /of the 16-byte header/);
  });

  it('a changed byte: SHARE_CHECKSUM', async () => {
    const link = await validLink();
    const at = link.length - 30;
    const swapped = link[at] === 'A' ? 'B' : 'A';
    await expectError(`${link.slice(0, at)}${swapped}${link.slice(at + 1)}`, 'SHARE_CHECKSUM');
  });

  it('bytes after the frame: SHARE_MALFORMED', async () => {
    const link = await validLink();
    const cut = link.length - ((link.length - 4) % 4); // whole groups, then four more characters
    await expectError(`${link.slice(0, cut)}AAAA`, 'SHARE_MALFORMED', /follow the end/);
  });

  it('a well-sealed frame that is not DEFLATE: SHARE_BAD_DEFLATE', async () => {
    const frame = await sealFrame(Uint8Array.of(0xff, 0xff, 0xff, 0xff), 100);
    await expectError(`ps1.${encodeBase64url(frame)}`, 'SHARE_BAD_DEFLATE');
  });

  it('DEFLATE that gives fewer bytes than declared: SHARE_BAD_DEFLATE', async () => {
    const frame = await sealFrame(deflateSync(new Uint8Array(10)), 20);
    await expectError(
      `ps1.${encodeBase64url(frame)}`,
      'SHARE_BAD_DEFLATE',
      /10 bytes come out, 20/,
    );
  });

  it('a decompression bomb: SHARE_TOO_LARGE without inflating it all', async () => {
    const bomb = deflateSync(new Uint8Array(40_000_000), { level: 9 });
    expect(bomb.length).toBeLessThan(SHARE_LIMITS.inlineFrameBytes);
    const frame = await sealFrame(bomb, SHARE_LIMITS.inflatedBytes);
    const started = performance.now();
    await expectError(`ps1.${encodeBase64url(frame)}`, 'SHARE_TOO_LARGE', /expands past/);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('an absurd declared size: SHARE_TOO_LARGE before inflating', async () => {
    const frame = await sealFrame(deflateSync(new Uint8Array(10)), 0xffffffff);
    await expectError(`ps1.${encodeBase64url(frame)}`, 'SHARE_TOO_LARGE', /4294967295 bytes/);
  });

  it('a declared compressed length over the limit: SHARE_TOO_LONG', async () => {
    const frame = await sealFrame(deflateSync(new Uint8Array(10)), 10);
    new DataView(frame.buffer).setUint32(0, 0x7fffffff, true);
    await expectError(`ps1.${encodeBase64url(frame)}`, 'SHARE_TOO_LONG');
  });

  it('a record that is not JSON, or not UTF-8: SHARE_BAD_JSON', async () => {
    await expectError(await linkOfPayload(new TextEncoder().encode('{"image":')), 'SHARE_BAD_JSON');
    await expectError(
      await linkOfPayload(Uint8Array.of(0x7b, 0xff, 0x7d)),
      'SHARE_BAD_JSON',
      /UTF-8/,
    );
  });

  it('a stored session without a share service to fetch it: SHARE_NEEDS_SERVICE', async () => {
    await expectError(`#ps1.@${'a'.repeat(64)}`, 'SHARE_NEEDS_SERVICE');
  });

  it('a stored session named by something else than a SHA-256: SHARE_MALFORMED', async () => {
    await expectError('#ps1.@../../etc/passwd', 'SHARE_MALFORMED', /64 lower-case hex/);
  });

  it('a stored session the service lacks or returns altered: its coded error', async () => {
    const link = `#ps1.@${'a'.repeat(64)}`;
    const answering = (response: () => Response) => ({
      service: { baseUrl: 'https://s.example/', fetch: (async () => response()) as typeof fetch },
    });
    const missing = await decodeShareLink(
      link,
      answering(() => new Response('', { status: 404 })),
    );
    expect(missing).toMatchObject({ ok: false, error: { code: 'SHARE_FILE_MISSING' } });
    const altered = await decodeShareLink(
      link,
      answering(() => new Response('other')),
    );
    expect(altered).toMatchObject({ ok: false, error: { code: 'SHARE_HASH_MISMATCH' } });
  });

  it('a record length past the payload: SHARE_MALFORMED', async () => {
    const payload = Uint8Array.of(0xff, 0, 0, 0, 0x7b, 0x7d);
    await expectError(`ps1.${encodeBase64url(await packFrame(payload))}`, 'SHARE_MALFORMED');
  });
});

describe('decodeShareLink on forged session records', () => {
  const cases: [string, (r: Forgeable) => void, RegExp][] = [
    [
      'a size given as a string',
      (r) => (r.image.size = '12'),
      /image\.size must be an integer, not a string/,
    ],
    ['a negative position', (r) => (r.position = -1), /position is -1, outside/],
    ['a fractional position', (r) => (r.position = 1.5), /position must be an integer/],
    ['RAM past 4 GiB', (r) => (r.machine.ramSize = 2 ** 33), /machine\.ramSize is 8589934592/],
    ['RAM not in pages', (r) => (r.machine.ramSize = (4 << 20) + 1), /multiple of 4 KiB/],
    [
      'an unknown device',
      (r) => (r.input[0].device = 'mouse'),
      /input\[0\]\.device must be one of/,
    ],
    ['input going back in time', (r) => (r.input[1].at = 5), /input\[1\]\.at is 5/],
    ['empty input bytes', (r) => (r.input[0].bytes = ''), /input\[0\]\.bytes must hold 1/],
    [
      'input bytes not base64url',
      (r) => (r.input[0].bytes = 'a b'),
      /input\[0\]\.bytes must be base64url/,
    ],
    [
      'script as a panel name',
      (r) => (r.view.openPanels = ['<script>alert(1)</script>']),
      /openPanels\[0\]/,
    ],
    [
      'a URL as an address',
      (r) => (r.view.selectedAddress = 'javascript:alert(1)'),
      /selectedAddress must be a 64-bit address/,
    ],
    [
      'a 17-digit address',
      (r) => (r.view.breakpoints = ['0x10000000000000000']),
      /breakpoints\[0\]/,
    ],
    [
      'too many breakpoints',
      (r) => (r.view.breakpoints = Array(300).fill('0x1')),
      /300 entries, the limit is 256/,
    ],
    [
      'an overlong name',
      (r) => (r.image.name = 'k'.repeat(300)),
      /image\.name is 300 characters long/,
    ],
    [
      'a control character in a name',
      (r) => (r.image.name = 'a\u001b[2Jb'),
      /image\.name contains a control/,
    ],
    [
      'an upper-case hash',
      (r) => (r.image.sha256 = r.image.sha256.toUpperCase()),
      /image\.sha256 must be a SHA-256/,
    ],
    ['a file past 4 GiB', (r) => (r.machine.modules[0].size = 2 ** 40), /modules\[0\]\.size/],
    ['an unknown field', (r) => (r.machine.evil = 1), /machine has an unknown field "evil"/],
    ['no slave disk field', (r) => delete r.machine.diskSlave, /machine\.diskSlave is missing/],
    [
      'a slave disk without its hash',
      (r) => (r.machine.diskSlave = { name: 'fs.img', size: 512 }),
      /machine\.diskSlave\.sha256 is missing/,
    ],
    ['a missing field', (r) => delete r.view.breakpoints, /view\.breakpoints is missing/],
    ['an array for an object', (r) => (r.machine = []), /machine must be an object, not an array/],
    [
      'null for the record',
      (r) => Object.keys(r).forEach((k) => delete r[k]),
      /session\.image is missing/,
    ],
    [
      'a prototype key in panel state',
      (r) => (r.view.panelState = JSON.parse('{"__proto__":{"x":1}}')),
      /not a plain identifier/,
    ],
    [
      'panel state nested too deep',
      (r) => (r.view.panelState = { a: deep(20) }),
      /nests deeper than 8/,
    ],
    [
      'panel state too large',
      (r) => (r.view.panelState = { a: Array(5000).fill(0) }),
      /more than 4096 values/,
    ],
    [
      'an overlong string in panel state',
      (r) => (r.view.panelState = { a: 'x'.repeat(2000) }),
      /panelState\.a is 2000 characters/,
    ],
  ];

  for (const [what, edit, detail] of cases) {
    it(`${what}: SHARE_BAD_FIELD naming the field`, async () => {
      await expectError(await linkOf(record(edit)), 'SHARE_BAD_FIELD', detail);
    });
  }

  it('a record that is not an object: SHARE_BAD_FIELD', async () => {
    await expectError(
      await linkOf([1, 2]),
      'SHARE_BAD_FIELD',
      /session must be an object, not an array/,
    );
  });

  it('carried bytes that are not the file they name: SHARE_HASH_MISMATCH', async () => {
    const forged = noiseBytes(IMAGE.length, 99);
    const link = await linkOf(
      record(() => {}, [SESSION.image.sha256]),
      forged,
    );
    await expectError(
      link,
      'SHARE_HASH_MISMATCH',
      /kernel\.elf hashes to [0-9a-f]{64}, the session says/,
    );
  });

  it('carried bytes for a file the session does not use: SHARE_BAD_FIELD', async () => {
    const link = await linkOf(
      record(() => {}, ['ab'.repeat(32)]),
      IMAGE,
    );
    await expectError(link, 'SHARE_BAD_FIELD', /inline\[0\] names a file the session does not use/);
  });

  it('carried bytes shorter or longer than the file: SHARE_MALFORMED', async () => {
    const inline = [SESSION.image.sha256];
    await expectError(
      await linkOf(
        record(() => {}, inline),
        IMAGE.subarray(1),
      ),
      'SHARE_MALFORMED',
      /run past/,
    );
    const longer = new Uint8Array(IMAGE.length + 3);
    longer.set(IMAGE);
    await expectError(
      await linkOf(
        record(() => {}, inline),
        longer,
      ),
      'SHARE_MALFORMED',
      /3 bytes follow/,
    );
  });
});

describe('decodeShareLink never throws', () => {
  it('returns a coded error for every one-character change of a valid link', async () => {
    const link = await validLink();
    const alphabet = 'AZaz09-_.#%<';
    let refused = 0;
    for (let i = 0; i < link.length; i += 7) {
      const c = alphabet[i % alphabet.length];
      const changed = `${link.slice(0, i)}${c}${link.slice(i + 1)}`;
      if (changed === link) continue;
      const result = await decodeShareLink(changed);
      if (!result.ok) {
        refused++;
        expect(result.error.code).toMatch(/^SHARE_/);
      }
    }
    expect(refused).toBeGreaterThan(link.length / 8);
  });
});

function deep(levels: number): unknown {
  return levels === 0 ? 0 : [deep(levels - 1)];
}
