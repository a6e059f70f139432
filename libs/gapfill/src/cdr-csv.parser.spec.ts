import { parseCdrCsv, utcTime } from './cdr-csv.parser';
import { GapFillErrorCode } from './gapfill.exception';

/** A 21-column cdr_csv line; `fields` replace the defaults by position. */
function line(fields: Record<number, string> = {}): string {
  const base = [
    '""',
    '"79161234567"',
    '"74951234567"',
    '"from-mts"',
    '""""" <79161234567>"',
    '"PJSIP/mts-trunk-00000000"',
    '"PJSIP/1002-00000002"',
    '"Dial"',
    '"PJSIP/1001&PJSIP/1002,10,t"',
    '"2026-11-26 05:59:33"',
    '"2026-11-26 05:59:35"',
    '"2026-11-26 05:59:38"',
    '5',
    '3',
    '"ANSWERED"',
    '"DOCUMENTATION"',
    '"1795672773.0"',
    '"did:74951234567"',
    '""',
    '"1795672773.0"',
    '7',
  ];
  for (const [i, value] of Object.entries(fields)) base[Number(i)] = value;
  return `${base.join(',')}\n`;
}

describe('parseCdrCsv', () => {
  it('reads a cdr_csv line: quoted strings, bare counts, UTC times', () => {
    const sut = parseCdrCsv(Buffer.from(line()));

    expect(sut.problems).toEqual([]);
    expect(sut.rows).toEqual([
      {
        accountCode: '',
        source: '79161234567',
        destination: '74951234567',
        destinationContext: 'from-mts',
        callerId: '"" <79161234567>',
        channel: 'PJSIP/mts-trunk-00000000',
        destinationChannel: 'PJSIP/1002-00000002',
        lastApplication: 'Dial',
        lastData: 'PJSIP/1001&PJSIP/1002,10,t',
        startMs: Date.UTC(2026, 10, 26, 5, 59, 33),
        answerMs: Date.UTC(2026, 10, 26, 5, 59, 35),
        endMs: Date.UTC(2026, 10, 26, 5, 59, 38),
        duration: 5,
        billableSeconds: 3,
        disposition: 'ANSWERED',
        amaFlags: 'DOCUMENTATION',
        uniqueId: '1795672773.0',
        userField: 'did:74951234567',
        peerAccount: '',
        linkedId: '1795672773.0',
        sequence: 7,
      },
    ]);
  });

  it('keeps commas, doubled quotes and newlines inside quoted fields', () => {
    const text = line({ 4: '"""Smith, John ""JJ"""" <1001>"', 8: '"a,b\nc"' });

    const [row] = parseCdrCsv(Buffer.from(text)).rows;

    expect(row.callerId).toBe('"Smith, John "JJ"" <1001>');
    expect(row.lastData).toBe('a,b\nc');
  });

  it('reads an unset answer time (an empty bare field) as null, and empty strings as empty', () => {
    const [row] = parseCdrCsv(Buffer.from(line({ 6: '""', 10: '', 13: '0', 14: '"NO ANSWER"' }))).rows;

    expect(row.answerMs).toBeNull();
    expect(row.destinationChannel).toBe('');
    expect(row.disposition).toBe('NO ANSWER');
  });

  it('accepts \\r\\n line ends', () => {
    const sut = parseCdrCsv(Buffer.from(line().replace('\n', '\r\n') + line().replace('\n', '\r\n')));

    expect(sut.rows.map((r) => r.sequence)).toEqual([7, 7]);
    expect(sut.consumedBytes).toBe(Buffer.byteLength(line()) * 2 + 2);
  });

  it.each([
    ['in a bare field', (l: string) => l.slice(0, -3)],
    ['right after a closing quote', (l: string) => l.slice(0, l.lastIndexOf('"') + 1)],
    ['inside a quoted field', (l: string) => l.slice(0, l.lastIndexOf('"'))],
    ['before its newline', (l: string) => l.slice(0, -1)],
  ])('does not consume a last line still being written (cut %s)', (_where, cut) => {
    const complete = line();
    const partial = cut(line({ 20: '"1795672773.9"' }));
    const bytes = Buffer.from(complete + partial);

    const sut = parseCdrCsv(bytes);

    expect(sut.rows).toHaveLength(1);
    expect(sut.consumedBytes).toBe(Buffer.byteLength(complete));
  });

  it('counts bytes, not characters, for UTF-8 caller names', () => {
    const first = line({ 4: '"Иван Петров <1002>"' });

    const sut = parseCdrCsv(Buffer.from(first + line().slice(0, 20)));

    expect(sut.rows[0].callerId).toBe('Иван Петров <1002>');
    expect(sut.consumedBytes).toBe(Buffer.byteLength(first));
  });

  it('skips a line of another width and says why, with its byte offset, and reads the next one', () => {
    const short = '"","1001","1002","from-internal"\n';

    const sut = parseCdrCsv(Buffer.from(short + line()), 1000);

    expect(sut.rows).toHaveLength(1);
    expect(sut.problems).toEqual([
      {
        code: GapFillErrorCode.UnexpectedColumns,
        offset: 1000,
        message: '4 fields, expected 21: cdr.conf [csv] needs loguniqueid, loguserfield and newcdrcolumns = yes',
      },
    ]);
  });

  it('skips a line whose time is not UTC `YYYY-MM-DD HH:MM:SS` (a local time in another format)', () => {
    const sut = parseCdrCsv(Buffer.from(line({ 9: '"26.11.2026 05:59:33"' })));

    expect(sut.rows).toEqual([]);
    expect(sut.problems.map((p) => p.code)).toEqual([GapFillErrorCode.BadValue]);
  });

  it('ignores empty lines', () => {
    expect(parseCdrCsv(Buffer.from(`\n${line()}\n`)).rows).toHaveLength(1);
  });
});

describe('utcTime', () => {
  it('reads cdr_csv times as UTC', () => {
    expect(utcTime('2026-11-26 05:59:33')).toBe(Date.parse('2026-11-26T05:59:33Z'));
    expect(utcTime('2026-11-26T05:59:33')).toBeUndefined();
  });
});
