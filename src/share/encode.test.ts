import { describe, expect, it } from 'vitest';
import { encodeShare } from './encode.ts';
import { decodeShareLink } from './formats.ts';
import { sha256Hex } from './sha256.ts';
import { SHARE_LIMITS } from './shared-session.ts';
import type { SharedSession } from './shared-session.ts';
import { noiseBytes, sampleSession } from './test-helpers.ts';

async function encodeOk(session: SharedSession, files: Map<string, Uint8Array>) {
  const encoded = await encodeShare(session, files);
  if (!encoded.ok) throw new Error(encoded.error.message);
  return encoded.value;
}

describe('encodeShare and decodeShareLink', () => {
  it('roundtrip_smallImage_travelsInsideTheLink', async () => {
    const image = new Uint8Array(200_000).fill(0x90); // compresses to a few hundred bytes
    const session = await sampleSession(image);
    const encoded = await encodeOk(session, new Map([[session.image.sha256, image]]));
    expect(encoded.fragment.startsWith('ps2.')).toBe(true);
    expect(encoded.inline).toEqual([session.image.sha256]);
    expect(encoded.upload).toEqual([session.machine.modules[0].sha256]);

    const decoded = await decodeShareLink(`https://pagescope.example/#${encoded.fragment}`);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.value.session).toEqual(session);
    expect(decoded.value.files.get(session.image.sha256)).toEqual(image);
    expect(decoded.value.files.size).toBe(1);
  });

  it('roundtrip_imageLargerThanTheLimit_isNamedForUpload', async () => {
    const image = noiseBytes(SHARE_LIMITS.inlineFrameBytes + 1024);
    const module = noiseBytes(100, 9);
    const session = await sampleSession(image, module);
    const files = new Map([
      [session.image.sha256, image],
      [session.machine.modules[0].sha256, module],
    ]);
    const encoded = await encodeOk(session, files);
    expect(encoded.inline).toEqual([session.machine.modules[0].sha256]);
    expect(encoded.upload).toEqual([session.image.sha256]);
    expect(encoded.fragment.length).toBeLessThan(2000);
    const decoded = await decodeShareLink(encoded.fragment);
    expect(decoded.ok && decoded.value.files.get(session.machine.modules[0].sha256)).toEqual(
      module,
    );
  });

  it('roundtrip_severalFilesThatFit_allInline_smallestFirst', async () => {
    const image = noiseBytes(20_000, 3);
    const module = noiseBytes(10_000, 4);
    const session = await sampleSession(image, module);
    const disk = noiseBytes(30_000, 5);
    session.machine.disk = { name: 'disk.img', sha256: await sha256Hex(disk), size: disk.length };
    const files = new Map([
      [session.image.sha256, image],
      [session.machine.modules[0].sha256, module],
      [session.machine.disk.sha256, disk],
    ]);
    const encoded = await encodeOk(session, files);
    // 10 + 20 KB of noise fit in 48 KiB; the 30 KB disk does not fit beside them.
    expect(encoded.inline).toEqual([session.machine.modules[0].sha256, session.image.sha256]);
    expect(encoded.upload).toEqual([session.machine.disk.sha256]);
    const decoded = await decodeShareLink(encoded.fragment);
    expect(decoded.ok && decoded.value.session.machine.disk).toEqual(session.machine.disk);
  });

  it('roundtrip_masterAndSlaveDisks_bothNamed_slaveInline', async () => {
    const image = noiseBytes(100, 6);
    const session = await sampleSession(image);
    const master = noiseBytes(60_000, 7);
    const slave = new Uint8Array(1024).fill(0x55);
    session.machine.disk = { name: 'hda.img', sha256: await sha256Hex(master), size: 60_000 };
    session.machine.diskSlave = { name: 'fs.img', sha256: await sha256Hex(slave), size: 1024 };
    const files = new Map([
      [session.image.sha256, image],
      [session.machine.disk.sha256, master],
      [session.machine.diskSlave.sha256, slave],
    ]);
    const encoded = await encodeOk(session, files);
    // The 60 KB of noise does not fit in a link; the slave disk compresses to nothing.
    expect(encoded.upload).toEqual([
      session.machine.modules[0].sha256,
      session.machine.disk.sha256,
    ]);
    const decoded = await decodeShareLink(encoded.fragment);
    if (!decoded.ok) throw new Error(decoded.error.message);
    expect(decoded.value.session.machine).toEqual(session.machine);
    expect(decoded.value.files.get(session.machine.diskSlave.sha256)).toEqual(slave);
  });

  it('encode_bytesThatAreNotTheNamedFile_refused', async () => {
    const image = noiseBytes(100);
    const session = await sampleSession(image);
    const result = await encodeShare(
      session,
      new Map([[session.image.sha256, noiseBytes(100, 2)]]),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'SHARE_HASH_MISMATCH' } });
  });

  it('encode_sessionTheDecoderWouldRefuse_refusedWithTheField', async () => {
    const session = await sampleSession(noiseBytes(10));
    session.machine.ramSize = 3000;
    const result = await encodeShare(session, new Map());
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'SHARE_BAD_FIELD', message: expect.stringContaining('machine.ramSize') },
    });
  });

  it('encode_inputLogTooLargeForALink_sessionStoredAndNamedByTheLink', async () => {
    const session = await sampleSession(noiseBytes(10));
    session.input = Array.from({ length: 30_000 }, (_, i) => ({
      at: i * 977,
      device: 'serial' as const,
      bytes: noiseBytes(8, i),
    }));
    const encoded = await encodeOk(session, new Map([[session.image.sha256, noiseBytes(10)]]));
    const [frameHash, ...files] = encoded.upload;
    expect(encoded.fragment).toBe(`ps2.@${frameHash}`);
    expect(encoded.inline).toEqual([]);
    expect(files).toEqual([session.image.sha256, session.machine.modules[0].sha256]);
    const frame = encoded.made.get(frameHash) as Uint8Array<ArrayBuffer>;
    expect(await sha256Hex(frame)).toBe(frameHash);

    const service = {
      baseUrl: 'https://share.example/',
      fetch: (async () => new Response(frame)) as typeof fetch,
    };
    const decoded = await decodeShareLink(encoded.fragment, { service });
    expect(decoded.ok && decoded.value.session).toEqual(session);
  });

  it('encode_recordPastTheInflatedCap_SHARE_SESSION_TOO_LARGE', async () => {
    const session = await sampleSession(noiseBytes(10));
    session.input = Array.from({ length: 2100 }, (_, i) => ({
      at: i,
      device: 'keyboard' as const,
      bytes: noiseBytes(SHARE_LIMITS.inputEventBytes, i),
    }));
    const result = await encodeShare(session, new Map());
    expect(result).toMatchObject({ ok: false, error: { code: 'SHARE_SESSION_TOO_LARGE' } });
  });
});
