import { loadTrace } from '@app/testing';

export const BURST_TRACE = '14-concurrent-burst';

const ID_HEADER = /^([A-Za-z]*(?:uniqueid|linkedid)): (\d+\.\d+)\r$/gim;
const CHANNEL_SUFFIX = /\b((?:PJSIP|SIP|IAX2|DAHDI)\/[\w.-]+?)-([0-9a-f]{8})\b/g;
const GOODBYE = /Response: Goodbye\r\n(?:[^\r\n]+\r\n)*\r\n/g;

/**
 * Makes a recorded session's calls copy number `copy`'s own: every Uniqueid/Linkedid (and Dest..., Bridge...) gets a
 * fixed-width suffix, and channel names a distinct sequence number, so copies can overlap in time without sharing a
 * channel or a call. Works on latin1 text so the bytes stay as recorded.
 */
export function rewriteIds(text: string, copy: number): string {
  const suffix = String(copy).padStart(6, '0');
  return text
    .replace(ID_HEADER, (_m, header: string, id: string) => `${header}: ${id}${suffix}\r`)
    .replace(CHANNEL_SUFFIX, (_m, endpoint: string, seq: string) => {
      const unique = (copy * 0x1000 + parseInt(seq, 16)) % 0x1_0000_0000;
      return `${endpoint}-${unique.toString(16).padStart(8, '0')}`;
    });
}

/** The burst trace (20 concurrent calls, 1,968 events) as recorded, banner and login included. */
export function burstBytes(): Buffer {
  return loadTrace(BURST_TRACE).bytes;
}

/** The burst trace played `copies` times in a row in one session, each copy with its own call ids. */
export function multipliedBurst(copies: number): Buffer {
  const text = burstBytes().toString('latin1');
  const loginEnd = text.indexOf('\r\n\r\n', text.indexOf('Response:')) + 4;
  const body = text.slice(loginEnd).replace(GOODBYE, '');
  const parts = [text.slice(0, loginEnd)];
  for (let copy = 0; copy < copies; copy++) parts.push(rewriteIds(body, copy));
  return Buffer.from(parts.join(''), 'latin1');
}

/** `Event:` blocks in `bytes` (what both parsers should report) */
export function countEvents(bytes: Buffer): number {
  const text = bytes.toString('latin1');
  let count = text.startsWith('Event:') ? 1 : 0;
  for (let at = text.indexOf('\n\nEvent:'); at !== -1; at = text.indexOf('\n\nEvent:', at + 1)) count++;
  for (let at = text.indexOf('\r\n\r\nEvent:'); at !== -1; at = text.indexOf('\r\n\r\nEvent:', at + 1)) count++;
  return count;
}

const SINGLE_BYTES = Array.from({ length: 256 }, (_, b) => Buffer.from([b]));

/**
 * `bytes` cut into TCP-read-sized chunks. One-byte chunks share 256 preallocated buffers, so a megabyte of them
 * costs an array of references rather than a million Buffer objects.
 */
export function chunked(bytes: Buffer, size: number): Buffer[] {
  if (size === 1) return Array.from(bytes, (b) => SINGLE_BYTES[b]);
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return chunks;
}
