import { isDatabaseUnavailable } from './database-error';

describe('isDatabaseUnavailable', () => {
  const sut = isDatabaseUnavailable;

  it('recognises a refused or lost connection, however it was wrapped', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

    expect(sut(refused)).toBe(true);
    expect(sut(new AggregateError([refused], ''))).toBe(true);
    expect(sut(Object.assign(new Error('query failed'), { driverError: refused }))).toBe(true);
    expect(sut(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(sut(new Error('wrapped', { cause: new Error('Connection terminated due to connection timeout') }))).toBe(
      true,
    );
  });

  it('recognises the server shutting down, starting up, or out of connections', () => {
    for (const code of ['57P01', '57P03', '53300', '08006', '08001']) {
      expect(sut(Object.assign(new Error('server says no'), { code }))).toBe(true);
    }
  });

  it('leaves real query errors to fail as they are', () => {
    expect(sut(Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }))).toBe(
      false,
    );
    expect(sut(Object.assign(new Error('relation "calls" does not exist'), { code: '42P01' }))).toBe(false);
    expect(sut(new TypeError('Cannot read properties of undefined'))).toBe(false);
    expect(sut(undefined)).toBe(false);
    expect(sut('ECONNREFUSED')).toBe(false);
  });
});
