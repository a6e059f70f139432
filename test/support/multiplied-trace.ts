import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { traceAmiPath } from '@app/testing';

const ID_HEADER = /^([A-Za-z]*(?:uniqueid|linkedid)): (\d+\.\d+)\r$/gim;
const GOODBYE = /Response: Goodbye\r\n(?:[^\r\n]+\r\n)*\r\n/g;

/**
 * One recorded session played `copies` times in a row, each copy's Uniqueids and Linkedids made its own,
 * so a 20-call burst becomes a 200-call one. Copies follow each other, so bridge ids never overlap in time.
 * Returns the path of the new transcript.
 */
export function multipliedTrace(name: string, copies: number): string {
  const text = readFileSync(traceAmiPath(name)).toString('latin1');
  const loginEnd = text.indexOf('\r\n\r\n', text.indexOf('Response:')) + 4;
  const head = text.slice(0, loginEnd);
  const body = text.slice(loginEnd).replace(GOODBYE, '');
  let out = head;
  for (let k = 0; k < copies; k++)
    out += body.replace(ID_HEADER, (_m, header: string, id: string) => `${header}: ${id}0000${k}\r`);
  const path = join(mkdtempSync(join(tmpdir(), 'connector-trace-')), `${name}-x${copies}.ami`);
  writeFileSync(path, Buffer.from(out, 'latin1'));
  return path;
}
