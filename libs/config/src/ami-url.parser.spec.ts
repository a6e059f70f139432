import { formatPbxConnection, parseAmiUrls } from './ami-url.parser';

describe(parseAmiUrls.name, () => {
  const sut = parseAmiUrls;

  const messagesOf = (value: string): string[] => sut(value).issues.map((issue) => issue.message);

  it.each([undefined, '', '   '])('reads %p as no PBX configured', (value) => {
    expect(sut(value)).toEqual({ pbxs: [], issues: [] });
  });

  it('parses one entry with the default port and plain auth', () => {
    expect(sut('ami://admin:secret@pbx.example.local/main')).toEqual({
      pbxs: [
        { pbxId: 'main', host: 'pbx.example.local', port: 5038, username: 'admin', secret: 'secret', auth: 'plain' },
      ],
      issues: [],
    });
  });

  it('parses several entries separated by commas and spaces, with ports and md5 auth', () => {
    const { pbxs, issues } = sut('ami://a:s1@10.0.0.1:5039/office-1?auth=md5 , ami://b:s2@[fd00::1]:15038/Office_2');

    expect(issues).toEqual([]);
    expect(pbxs).toEqual([
      { pbxId: 'office-1', host: '10.0.0.1', port: 5039, username: 'a', secret: 's1', auth: 'md5' },
      { pbxId: 'Office_2', host: 'fd00::1', port: 15038, username: 'b', secret: 's2', auth: 'plain' },
    ]);
  });

  it('percent-decodes user and secret', () => {
    const [pbx] = sut('ami://crm%40office:p%40ss%3Aw%2Frd%2C%25@pbx/main').pbxs;

    expect(pbx.username).toBe('crm@office');
    expect(pbx.secret).toBe('p@ss:w/rd,%');
  });

  it('accepts an unencoded @ or : in the secret', () => {
    const [pbx] = sut('ami://admin:p@ss:word@pbx:5038/main').pbxs;

    expect(pbx).toMatchObject({ username: 'admin', secret: 'p@ss:word', host: 'pbx', port: 5038 });
  });

  it('accepts the scheme in any case', () => {
    expect(sut('AMI://admin:secret@pbx/main').issues).toEqual([]);
  });

  it.each([
    ['ami://a:s@pbx:0/main', 'AMI_URL entry 1: port must be 1-65535'],
    ['ami://a:s@pbx:65536/main', 'AMI_URL entry 1: port must be 1-65535'],
    ['ami://a:s@pbx:50x/main', 'AMI_URL entry 1: port must be 1-65535'],
    ['ami://a:s@pbx:/main', 'AMI_URL entry 1: port must be 1-65535'],
    ['ami://a:s@pbx', 'AMI_URL entry 1: pbx id is missing (end the URL with /<pbxId>, e.g. /main)'],
    ['ami://a:s@pbx/', 'AMI_URL entry 1: pbx id is missing (end the URL with /<pbxId>, e.g. /main)'],
    ['ami://a:s@pbx?auth=md5', 'AMI_URL entry 1: pbx id is missing (end the URL with /<pbxId>, e.g. /main)'],
    ['ami://a:s@pbx/main/extra', 'AMI_URL entry 1: pbx id must be 1-32 characters of A-Z, a-z, 0-9, _ and -'],
    ['ami://a:s@pbx/main.office', 'AMI_URL entry 1: pbx id must be 1-32 characters of A-Z, a-z, 0-9, _ and -'],
    [`ami://a:s@pbx/${'x'.repeat(33)}`, 'AMI_URL entry 1: pbx id must be 1-32 characters of A-Z, a-z, 0-9, _ and -'],
    ['ami://a:s@/main', 'AMI_URL entry 1: host is missing'],
    ['ami://a:s@pbx_1/main', 'AMI_URL entry 1: host is not a valid hostname or IP address'],
    ['ami://a:s@[pbx]/main', 'AMI_URL entry 1: host is not a valid hostname or IP address'],
    ['ami://a:s@fd00::1/main', 'AMI_URL entry 1: an IPv6 host must be in brackets, e.g. [::1]'],
    ['ami://a:s@pbx/main?auth=sha1', 'AMI_URL entry 1: auth must be plain or md5'],
    ['ami://a:s@pbx/main?timeout=5', 'AMI_URL entry 1: only the query parameter auth=plain|md5 is supported'],
    ['ami://a:s@pbx/main#x', "AMI_URL entry 1: must not contain '#' after the host"],
    ['tcp://a:s@pbx/main', 'AMI_URL entry 1: must start with ami:// (ami://user:secret@host:port/pbxId)'],
    [
      'ami://pbx/main',
      'AMI_URL entry 1: must contain user:secret@ before the host (ami://user:secret@host:port/pbxId)',
    ],
    [
      'ami://admin@pbx/main',
      'AMI_URL entry 1: must contain both user and secret as user:secret@ (ami://user:secret@host:port/pbxId)',
    ],
    ['ami://:s@pbx/main', 'AMI_URL entry 1: user is empty'],
    ['ami://a:@pbx/main', 'AMI_URL entry 1: secret is empty'],
    ['ami://a:s%ZZ@pbx/main', "AMI_URL entry 1: secret has invalid percent-encoding (encode '%' as %25)"],
    ['ami://a:s%0D%0AAction: Originate@pbx/main', 'AMI_URL entry 1: secret must not contain line breaks'],
    ['ami://a%0A:s@pbx/main', 'AMI_URL entry 1: user must not contain line breaks'],
  ])('rejects %s', (value, message) => {
    expect(messagesOf(value)).toEqual([message]);
  });

  it('numbers the bad entry and reports every problem of it', () => {
    expect(messagesOf('ami://a:s@pbx/main, ami://:s@pbx:99999/')).toEqual([
      'AMI_URL entry 2: user is empty',
      'AMI_URL entry 2: port must be 1-65535',
      'AMI_URL entry 2: pbx id is missing (end the URL with /<pbxId>, e.g. /main)',
    ]);
  });

  it('reports an empty entry left by a stray comma', () => {
    expect(messagesOf('ami://a:s@pbx/main,')).toEqual(['AMI_URL entry 2: is empty (remove the extra comma)']);
  });

  it('rejects duplicate pbx ids, ignoring case', () => {
    const result = sut('ami://a:s@pbx1/main,ami://a:s@pbx2/other,ami://a:s@pbx3/Main');

    expect(result.issues).toEqual([
      { variable: 'AMI_URL', message: "AMI_URL: duplicate pbx id 'main' (entries 1 and 3)" },
    ]);
  });

  it('never repeats a secret in its messages', () => {
    const secret = 'Tr0ub4dor&3';
    const entries = [
      `ami://admin:${secret}@pbx:99999/main`,
      `ami://admin:${secret}@pbx/`,
      `ami://admin:${secret}@pbx_x/main?auth=sha`,
      `http://admin:${secret}@pbx/main`,
      `ami://admin:${secret}`,
      `ami://admin:${secret}%@pbx/main`,
      `ami://admin:Tr0ub,4dor&3@pbx/main`,
      `ami://admin:${secret}@pbx/main#${secret}`,
      `ami://admin:${secret}@pbx/main`,
      `ami://admin:${secret}@pbx/main`,
    ];
    const { issues } = sut(entries.join(','));

    expect(issues.length).toBeGreaterThanOrEqual(entries.length - 1);
    for (const { message } of issues) {
      expect(message).not.toContain('Tr0ub');
      expect(message).not.toContain('4dor');
    }
  });
});

describe(formatPbxConnection.name, () => {
  const sut = formatPbxConnection;

  it('masks the secret', () => {
    const formatted = sut({
      pbxId: 'main',
      host: 'fd00::1',
      port: 5038,
      username: 'crm@x',
      secret: 'hunter2',
      auth: 'md5',
    });

    expect(formatted).toBe('ami://crm%40x:***@[fd00::1]:5038/main?auth=md5');
  });
});
