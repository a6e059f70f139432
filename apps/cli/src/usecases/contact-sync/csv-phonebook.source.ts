import { readFile } from 'node:fs/promises';
import { type PhonebookEntry, PhonebookSourceException } from './phonebook-entry';

const PHONE_HEADERS = new Set(['phone', 'number', 'tel', 'телефон', 'номер']);
const NAME_HEADERS = new Set(['name', 'cidname', 'имя', 'название']);

/** A CSV export of the phonebook: UTF-8 (BOM allowed), `;` or `,`, quoted fields, optional `phone,name` header. */
export async function readCsvPhonebook(path: string): Promise<PhonebookEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error: unknown) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new PhonebookSourceException(`cannot read ${path} (${reason})`);
  }
  return parseCsvPhonebook(text);
}

export function parseCsvPhonebook(text: string): PhonebookEntry[] {
  const body = text.replace(/^\uFEFF/, '');
  const rows = parseCsvRows(body, separatorOf(body)).filter((row) => row.some((cell) => cell.trim() !== ''));
  if (rows.length === 0) return [];
  const header = rows[0].map((cell) => cell.trim().toLowerCase());
  const phoneAt = header.findIndex((cell) => PHONE_HEADERS.has(cell));
  const hasHeader = phoneAt >= 0;
  const nameAt = hasHeader ? header.findIndex((cell) => NAME_HEADERS.has(cell)) : 1;
  return rows.slice(hasHeader ? 1 : 0).flatMap((row) => {
    const phone = (row[hasHeader ? phoneAt : 0] ?? '').trim();
    const name = nameAt >= 0 ? (row[nameAt] ?? '').trim() : '';
    return phone === '' ? [] : [{ phone, name }];
  });
}

/** `;` when the first line has one outside quotes, `,` otherwise. */
function separatorOf(text: string): ';' | ',' {
  const firstLine = text.split(/\r?\n/, 1)[0].replace(/"[^"]*"/g, '');
  return firstLine.includes(';') ? ';' : ',';
}

/** RFC 4180 rows: `""` inside quotes is a quote, separators and line breaks inside quotes are text. */
function parseCsvRows(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        cell += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === separator) {
      row.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else {
      cell += char;
    }
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}
