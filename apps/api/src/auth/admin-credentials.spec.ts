import { isAdminAuthorization } from './admin-credentials';

const ADMIN = { user: 'admin', password: 'pa:ss word-123' };
const basic = (credentials: string): string => `Basic ${Buffer.from(credentials).toString('base64')}`;

describe('isAdminAuthorization', () => {
  const sut = isAdminAuthorization;

  it('accepts the configured user and password (the password may hold ":" and spaces)', () => {
    expect(sut(basic('admin:pa:ss word-123'), ADMIN)).toBe(true);
    expect(sut(`basic  ${Buffer.from('admin:pa:ss word-123').toString('base64')}`, ADMIN)).toBe(true);
  });

  it.each([
    ['no header', undefined],
    ['a wrong password', basic('admin:pa:ss word-12')],
    ['a wrong user', basic('root:pa:ss word-123')],
    ['no colon', basic('admin')],
    ['a bearer token', 'Bearer abc'],
    ['garbage', 'Basic !!!'],
  ])('refuses %s', (_case, header) => {
    expect(sut(header, ADMIN)).toBe(false);
  });
});
