import { createHash, createHmac, randomBytes } from 'node:crypto';
import { base64, constantTimeEqual, utf8Bytes } from '../src/bytes';
import * as sut from '../src/hmac-sha256';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('sha256 / hmacSha256 in plain TypeScript', () => {
  it.each([0, 1, 55, 56, 63, 64, 65, 119, 120, 1000])('sha256 of %i random bytes equals node:crypto', (length) => {
    const message = randomBytes(length);
    expect(hex(sut.sha256(message))).toBe(createHash('sha256').update(message).digest('hex'));
  });

  it('hmacSha256 equals node:crypto on random keys (short, 64 bytes, longer than a block) and messages', () => {
    for (const keyLength of [0, 1, 16, 63, 64, 65, 100, 300]) {
      for (let round = 0; round < 5; round++) {
        const key = randomBytes(keyLength);
        const message = randomBytes(Math.floor(Math.random() * 500));
        expect(hex(sut.hmacSha256(key, message))).toBe(createHmac('sha256', key).update(message).digest('hex'));
      }
    }
  });

  it('signs a UTF-8 Cyrillic body with a long Cyrillic key exactly like node:crypto', () => {
    const key = 'ключ-'.repeat(30);
    const body = JSON.stringify({ name: 'Анна Смирнова', note: 'звонок 📞 из Москвы' });
    expect(base64(sut.hmacSha256(utf8Bytes(key), utf8Bytes(body)))).toBe(
      createHmac('sha256', key).update(body, 'utf8').digest('base64'),
    );
  });

  it('matches the test vector of docs/webhook-payload.md', () => {
    const message = utf8Bytes('office:1700000000.42#3.1700000000.{"version":1}');
    expect(base64(sut.hmacSha256(utf8Bytes('s3cret-token'), message))).toBe(
      '1xTSZYxBQna0ZZ9DURXcOdVRkOlm0vToGzTEg2LyJU0=',
    );
  });
});

describe('byte helpers', () => {
  it('encodes UTF-8 like Buffer, lone surrogates included', () => {
    for (const text of ['', 'abc', 'Привет', '€', '😀 emoji', 'lone \ud800 surrogate', 'end \udc00']) {
      expect(hex(utf8Bytes(text))).toBe(Buffer.from(text, 'utf8').toString('hex'));
    }
  });

  it('encodes base64 like Buffer for every padding length', () => {
    for (let length = 0; length < 10; length++) {
      const bytes = randomBytes(length);
      expect(base64(bytes)).toBe(bytes.toString('base64'));
    }
  });

  it('compares strings', () => {
    expect(constantTimeEqual('token', 'token')).toBe(true);
    expect(constantTimeEqual('token', 'tokem')).toBe(false);
    expect(constantTimeEqual('token', 'token2')).toBe(false);
    expect(constantTimeEqual('', 'x')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });
});
