import type { AddressInfo } from 'node:net';
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { CallDirection, CallDisposition, CallRecord } from '@app/calls';
import { AppConfig, ConfigModule } from '@app/config';
import { CallRecordRepository, createDataSource } from '@app/persistence';
import { CallHistoryModule } from '../apps/api/src/call-history/call-history.module';
import { configureHttpApp } from '../apps/api/src/common/configure-http-app';
import { resetStores } from './support/delivery-harness';
import { TEST_DATABASE_URL, testConfig } from './support/test-database';

const DIRECTIONS: CallDirection[] = ['in', 'out', 'internal'];
const DISPOSITIONS: CallDisposition[] = ['answered', 'no_answer', 'abandoned', 'busy', 'failed'];
const BASE_MS = Date.parse('2026-05-01T08:00:00.000Z');
const CLIENT = '+79161234567';

/** 60 calls, one a minute, except 10-12 which start at the same instant (the id breaks the tie). */
function callRecord(i: number): CallRecord {
  const startedMs = BASE_MS + (i >= 10 && i <= 12 ? 10 : i) * 60_000;
  const direction = DIRECTIONS[i % 3];
  const disposition = DISPOSITIONS[i % 5];
  const ext = `100${(i % 4) + 1}`;
  const client = i === 7 || i === 4 ? CLIENT : `+7916000${String(i).padStart(4, '0')}`;
  const [from, to] =
    direction === 'in' ? [client, '+74951112233'] : direction === 'out' ? [ext, client] : [ext, '1004'];
  const answered = disposition === 'answered';
  const iso = (ms: number): string => new Date(ms).toISOString().replace('Z', '+00:00');
  const linkedid = `1777622400.${i}`;
  const pbxId = i % 10 === 9 ? 'branch' : 'office';
  return {
    callId: `${pbxId}:${linkedid}`,
    pbxId,
    linkedid,
    direction,
    from,
    to,
    answeredBy: answered ? ext : null,
    disposition,
    startedAt: iso(startedMs),
    answeredAt: answered ? iso(startedMs + 5_000) : null,
    endedAt: iso(startedMs + 65_000),
    waitSeconds: answered ? 5 : null,
    talkSeconds: answered ? 60 : null,
    extensions: i % 7 === 0 ? [ext, '1009'] : [ext],
    transfers: [],
    queue: i % 6 === 0 ? 'support' : null,
    recording: i % 2 === 0 ? `/var/spool/asterisk/monitor/call-${i}.wav` : null,
    hangupCause: 16,
    legs: [
      {
        channel: `PJSIP/${ext}-0000000${i}`,
        party: ext,
        startedAt: iso(startedMs),
        answeredAt: answered ? iso(startedMs + 5_000) : null,
        endedAt: iso(startedMs + 65_000),
        dialStatus: answered ? 'ANSWER' : 'NOANSWER',
        hangupCause: 16,
      },
    ],
  };
}

const CALLS = Array.from({ length: 60 }, (_, i) => callRecord(i));
const newestFirst = (calls: CallRecord[]): CallRecord[] =>
  [...calls].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));

interface Page {
  items: { callId: string; startedAt: string; recording: string | null; hasRecording: boolean }[];
  nextCursor: string | null;
}

describe('Call history API (e2e)', () => {
  let app: NestExpressApplication;
  let baseUrl: string;

  const get = (path: string): Promise<Response> => fetch(`${baseUrl}${path}`);
  const page = async (query: string): Promise<Page> => {
    const response = await get(`/api/v1/calls?${query}`);
    expect(response.status).toBe(200);
    return (await response.json()) as Page;
  };
  /** Every page of a query, following nextCursor. */
  const allPages = async (query: string): Promise<Page['items']> => {
    const items: Page['items'] = [];
    let cursor: string | null = null;
    do {
      const next: Page = await page(`${query}${cursor ? `&cursor=${cursor}` : ''}`);
      items.push(...next.items);
      cursor = next.nextCursor;
    } while (cursor !== null);
    return items;
  };
  const idsOf = (calls: { callId: string }[]): string[] => calls.map((c) => c.callId);
  const sortedIds = (calls: { callId: string }[]): string[] => idsOf(calls).sort();

  beforeAll(async () => {
    await resetStores();
    const dataSource = await createDataSource(TEST_DATABASE_URL).initialize();
    try {
      const repository = new CallRecordRepository(dataSource);
      for (const call of CALLS) await repository.upsert(call);
    } finally {
      await dataSource.destroy();
    }

    const moduleRef = await Test.createTestingModule({ imports: [ConfigModule, CallHistoryModule] })
      .overrideProvider(AppConfig)
      .useValue(testConfig())
      .compile();
    app = configureHttpApp(moduleRef.createNestApplication<NestExpressApplication>({ logger: false }));
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers the newest 50 by default, newest first, with a cursor to the rest', async () => {
    const first = await page('');

    expect(first.items).toHaveLength(50);
    expect(first.nextCursor).toEqual(expect.any(String));
    const starts = first.items.map((c) => Date.parse(c.startedAt));
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
    expect(first.items[0].callId).toBe('branch:1777622400.59');
  });

  it('pages through everything exactly once, in order, and ends with nextCursor null', async () => {
    const items = await allPages('limit=7');

    expect(items).toHaveLength(60);
    expect(new Set(idsOf(items)).size).toBe(60);
    expect(
      idsOf(items).filter(
        (id) => !['office:1777622400.10', 'office:1777622400.11', 'office:1777622400.12'].includes(id),
      ),
    ).toEqual(
      idsOf(newestFirst(CALLS)).filter((id) => !id.endsWith('.10') && !id.endsWith('.11') && !id.endsWith('.12')),
    );
    const starts = items.map((c) => Date.parse(c.startedAt));
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
  });

  it('pages a filtered query too, and a page as long as the rest has no next cursor', async () => {
    const inbound = CALLS.filter((c) => c.direction === 'in');

    expect(sortedIds(await allPages('direction=in&limit=3'))).toEqual(sortedIds(inbound));
    expect((await page(`direction=in&limit=${inbound.length}`)).nextCursor).toBeNull();
  });

  it.each(DIRECTIONS)('filters by direction=%s', async (direction) => {
    const items = await allPages(`direction=${direction}&limit=200`);

    expect(sortedIds(items)).toEqual(sortedIds(CALLS.filter((c) => c.direction === direction)));
  });

  it.each(DISPOSITIONS)('filters by disposition=%s', async (disposition) => {
    const items = (await page(`disposition=${disposition}&limit=200`)).items;

    expect(sortedIds(items)).toEqual(sortedIds(CALLS.filter((c) => c.disposition === disposition)));
  });

  it('filters by the started_at range: from inclusive, to exclusive', async () => {
    const from = CALLS[20].startedAt;
    const to = CALLS[30].startedAt;
    const query = new URLSearchParams({ from, to, limit: '200' });
    const items = (await page(query.toString())).items;

    const expected = CALLS.filter((c) => c.startedAt >= from && c.startedAt < to);
    expect(expected).toHaveLength(10);
    expect(sortedIds(items)).toEqual(sortedIds(expected));
  });

  it('normalises the phone to E.164: "8 (916) 123-45-67" finds +79161234567 as caller and as callee', async () => {
    const items = (await page(`phone=${encodeURIComponent('8 (916) 123-45-67')}`)).items;

    expect(sortedIds(items)).toEqual(sortedIds([CALLS[4], CALLS[7]]));
    expect(sortedIds((await page(`phone=${encodeURIComponent(CLIENT)}`)).items)).toEqual(sortedIds(items));
  });

  it('matches an extension given as phone as it is', async () => {
    const items = (await page('phone=1004&limit=200')).items;

    expect(sortedIds(items)).toEqual(sortedIds(CALLS.filter((c) => c.from === '1004' || c.to === '1004')));
  });

  it('filters by extension: answered by, from, to or in the extensions list', async () => {
    const touches = (ext: string) => (c: CallRecord) =>
      c.answeredBy === ext || c.from === ext || c.to === ext || c.extensions.includes(ext);

    expect(sortedIds((await page('extension=1001&limit=200')).items)).toEqual(sortedIds(CALLS.filter(touches('1001'))));
    const onlyRang = (await page('extension=1009&limit=200')).items;
    expect(sortedIds(onlyRang)).toEqual(sortedIds(CALLS.filter((c) => c.extensions.includes('1009'))));
    expect(onlyRang).toHaveLength(9);
  });

  it('combines filters', async () => {
    const items = (await page('direction=out&disposition=answered&extension=1002&limit=200')).items;

    const expected = CALLS.filter(
      (c) =>
        c.direction === 'out' &&
        c.disposition === 'answered' &&
        (c.answeredBy === '1002' || c.from === '1002' || c.to === '1002' || c.extensions.includes('1002')),
    );
    expect(sortedIds(items)).toEqual(sortedIds(expected));
  });

  it('lists the record fields with the file name of the recording only', async () => {
    const items = (await page('limit=200')).items;
    const item = items.find((c) => c.callId === 'office:1777622400.4');

    expect(item).toEqual({
      callId: 'office:1777622400.4',
      pbxId: 'office',
      direction: 'out',
      from: '1001',
      to: CLIENT,
      answeredBy: null,
      disposition: 'failed',
      startedAt: CALLS[4].startedAt,
      answeredAt: null,
      endedAt: CALLS[4].endedAt,
      waitSeconds: null,
      talkSeconds: null,
      extensions: ['1001'],
      transfers: [],
      queue: null,
      recording: 'call-4.wav',
      hasRecording: true,
    });
    expect(items.find((c) => c.callId === 'office:1777622400.5')).toMatchObject({
      recording: null,
      hasRecording: false,
    });
  });

  it('GET /api/v1/calls/{id} answers the call with its legs and hangup cause', async () => {
    const call = CALLS[9];
    const response = await get(`/api/v1/calls/${encodeURIComponent(call.callId)}`);

    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ callId: call.callId, pbxId: 'branch', hangupCause: 16, legs: call.legs });
    expect(body).not.toHaveProperty('linkedid');
  });

  it('GET /api/v1/calls/{id} answers 404 CALL_NOT_FOUND for an unknown id', async () => {
    const response = await get(`/api/v1/calls/${encodeURIComponent('office:0.0')}`);

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ statusCode: 404, code: 'CALL_NOT_FOUND' });
  });

  it.each(['0', '201', 'ten', '1.5'])('refuses limit=%s with 400 naming limit', async (limit) => {
    const response = await get(`/api/v1/calls?limit=${limit}`);

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      details: expect.arrayContaining([expect.objectContaining({ field: 'limit' })]),
    });
  });

  it.each([
    ['not base64url', 'a b'],
    ['not a cursor', Buffer.from('hello').toString('base64url')],
    [
      'a bad time',
      Buffer.from('2026-13-01T00:00:00.000000Z|8a6e0804-2bd0-4672-b79d-d97027f9071f').toString('base64url'),
    ],
    ['a bad id', Buffer.from('2026-05-01T00:00:00.000000Z|42').toString('base64url')],
    [
      'a day February never has',
      Buffer.from('2026-02-31T00:00:00.000000Z|8a6e0804-2bd0-4672-b79d-d97027f9071f').toString('base64url'),
    ],
    [
      'year 0000',
      Buffer.from('0000-01-01T00:00:00.000000Z|8a6e0804-2bd0-4672-b79d-d97027f9071f').toString('base64url'),
    ],
  ])('refuses a cursor that is %s with 400 naming cursor', async (_what, cursor) => {
    const response = await get(`/api/v1/calls?cursor=${encodeURIComponent(cursor)}`);

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      details: expect.arrayContaining([expect.objectContaining({ field: 'cursor' })]),
    });
  });

  it.each([
    ['direction', 'direction=sideways'],
    ['disposition', 'disposition=lost'],
    ['from', 'from=yesterday'],
    ['from', 'from=2024-W01-1'],
    ['from', 'from=2024-02-30T00:00:00Z'],
    ['to', 'to=0000-01-01'],
    ['unknown', 'unknown=1'],
  ])('refuses a bad %s with 400', async (field, query) => {
    const response = await get(`/api/v1/calls?${query}`);

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      details: expect.arrayContaining([expect.objectContaining({ field })]),
    });
  });
});
