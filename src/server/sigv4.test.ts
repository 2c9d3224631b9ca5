import { describe, expect, it } from 'vitest';
import { EMPTY_PAYLOAD_HASH, sha256Hex, signRequest } from './sigv4.ts';

/** The credentials of AWS's SigV4 test suite (get-vanilla, post-vanilla). */
const SUITE = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const SUITE_AT = new Date('2015-08-30T12:36:00Z');

/** The credentials of the Amazon S3 API reference's "Signature Calculations" examples. */
const S3_DOC = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const S3_AT = new Date('2013-05-24T00:00:00Z');
const S3_SCOPE = { region: 'us-east-1', service: 's3' };

describe('signRequest against the AWS SigV4 test suite', () => {
  for (const [method, signature] of [
    ['GET', '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31'],
    ['POST', '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b'],
  ]) {
    it(`${method.toLowerCase()}-vanilla gives the suite's signature`, () => {
      const signed = signRequest(
        {
          method,
          url: new URL('https://example.amazonaws.com/'),
          headers: { 'X-Amz-Date': '20150830T123600Z' },
          payloadHash: EMPTY_PAYLOAD_HASH,
        },
        SUITE,
        { region: 'us-east-1', service: 'service' },
        SUITE_AT,
      );
      expect(signed.signature).toBe(signature);
      expect(signed.authorization).toBe(
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ' +
          `SignedHeaders=host;x-amz-date, Signature=${signature}`,
      );
    });
  }
});

describe('signRequest against the Amazon S3 documented examples', () => {
  it('GET Object with a Range', () => {
    const signed = signRequest(
      {
        method: 'GET',
        url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'),
        headers: {
          Range: 'bytes=0-9',
          'x-amz-content-sha256': EMPTY_PAYLOAD_HASH,
          'x-amz-date': '20130524T000000Z',
        },
        payloadHash: EMPTY_PAYLOAD_HASH,
      },
      S3_DOC,
      S3_SCOPE,
      S3_AT,
    );
    expect(signed.canonicalRequest).toBe(
      [
        'GET',
        '/test.txt',
        '',
        'host:examplebucket.s3.amazonaws.com',
        'range:bytes=0-9',
        `x-amz-content-sha256:${EMPTY_PAYLOAD_HASH}`,
        'x-amz-date:20130524T000000Z',
        '',
        'host;range;x-amz-content-sha256;x-amz-date',
        EMPTY_PAYLOAD_HASH,
      ].join('\n'),
    );
    expect(signed.stringToSign.split('\n')[3]).toBe(
      '7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972',
    );
    expect(signed.signature).toBe(
      'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  it('PUT Object, with a key that needs escaping', () => {
    const payloadHash = sha256Hex('Welcome to Amazon S3.');
    expect(payloadHash).toBe('44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072');
    const signed = signRequest(
      {
        method: 'PUT',
        url: new URL('https://examplebucket.s3.amazonaws.com/test$file.text'),
        headers: {
          Date: 'Fri, 24 May 2013 00:00:00 GMT',
          'x-amz-date': '20130524T000000Z',
          'x-amz-storage-class': 'REDUCED_REDUNDANCY',
          'x-amz-content-sha256': payloadHash,
        },
        payloadHash,
      },
      S3_DOC,
      S3_SCOPE,
      S3_AT,
    );
    expect(signed.canonicalRequest.split('\n')[1]).toBe('/test%24file.text');
    expect(signed.stringToSign.split('\n')[3]).toBe(
      '9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d',
    );
    expect(signed.signature).toBe(
      '98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd',
    );
  });

  for (const [what, query, signature] of [
    [
      'GET Bucket Lifecycle',
      '?lifecycle',
      'fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543',
    ],
    [
      'GET Bucket (List Objects)',
      '?prefix=J&max-keys=2',
      '34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7',
    ],
  ]) {
    it(`${what}, the query sorted and a bare key given an empty value`, () => {
      const signed = signRequest(
        {
          method: 'GET',
          url: new URL(`https://examplebucket.s3.amazonaws.com/${query}`),
          headers: { 'x-amz-content-sha256': EMPTY_PAYLOAD_HASH, 'x-amz-date': '20130524T000000Z' },
          payloadHash: EMPTY_PAYLOAD_HASH,
        },
        S3_DOC,
        S3_SCOPE,
        S3_AT,
      );
      expect(signed.signature).toBe(signature);
    });
  }

  it('a session token is signed and sent', () => {
    const signed = signRequest(
      {
        method: 'GET',
        url: new URL('https://examplebucket.s3.amazonaws.com/a'),
        headers: { 'x-amz-date': '20130524T000000Z' },
        payloadHash: EMPTY_PAYLOAD_HASH,
      },
      { ...S3_DOC, sessionToken: 'TOKEN' },
      S3_SCOPE,
      S3_AT,
    );
    expect(signed.headers['x-amz-security-token']).toBe('TOKEN');
    expect(signed.authorization).toContain('SignedHeaders=host;x-amz-date;x-amz-security-token,');
  });
});
