import { retryWhileDatabaseUnavailable } from './database-patience';

describe('retryWhileDatabaseUnavailable', () => {
  const sut = retryWhileDatabaseUnavailable;
  const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

  it('tries again while the database is away, then returns what the task returns', async () => {
    let failures = 2;
    const waits: unknown[] = [];
    const task = jest.fn(async () => {
      if (failures-- > 0) throw refused();
      return 'stored';
    });

    await expect(sut(task, { retryMs: 1, patienceMs: 1_000, onWait: (e) => waits.push(e) })).resolves.toBe('stored');
    expect(task).toHaveBeenCalledTimes(3);
    expect(waits).toHaveLength(1);
  });

  it('rethrows any other error at once, and a database error once patience or stop says so', async () => {
    const bug = new TypeError('bug');
    await expect(sut(() => Promise.reject(bug), { retryMs: 1, patienceMs: 1_000 })).rejects.toBe(bug);

    const always = jest.fn(() => Promise.reject(refused()));
    await expect(sut(always, { retryMs: 1, patienceMs: 0 })).rejects.toThrow('ECONNREFUSED');
    expect(always).toHaveBeenCalledTimes(1);
    await expect(sut(always, { retryMs: 1, patienceMs: 1_000, stop: () => true })).rejects.toThrow('ECONNREFUSED');
  });
});
