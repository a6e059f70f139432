import { createHmac, timingSafeEqual } from 'node:crypto';

/** base64url HMAC-SHA256(secret, `<callId>.<exp>`): what a signed recording link carries as `sig`. */
export function signRecordingLink(secret: string, callId: string, exp: string): string {
  return createHmac('sha256', secret).update(`${callId}.${exp}`).digest('base64url');
}

export function isRecordingLinkSignatureValid(secret: string, callId: string, exp: string, sig: string): boolean {
  const expected = Buffer.from(signRecordingLink(secret, callId, exp));
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
