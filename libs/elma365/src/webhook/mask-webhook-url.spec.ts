import { maskWebhookUrl } from './mask-webhook-url';

describe(maskWebhookUrl.name, () => {
  const sut = maskWebhookUrl;

  it('keeps scheme, host and port, masks every query value', () => {
    expect(sut('https://company.elma365.ru:8443/hook?token=s3cr3t&x=1')).toBe(
      'https://company.elma365.ru:8443/hook?token=***&x=***',
    );
  });

  it('masks long path segments (a token or an id in the link) and keeps short ones', () => {
    const masked = sut('https://company.elma365.ru/api/extensions/0f8fad5b-d9cb-469f-a165-70867728950e/script/voip');

    expect(masked).toBe('https://company.elma365.ru/api/extensions/***/script/voip');
  });

  it('masks credentials, a fragment and a query name that may itself be the token', () => {
    const masked = sut('http://user:pass@10.0.0.5/hook?abcdefghijklmnop#frag');

    expect(masked).toBe('http://***@10.0.0.5/hook?***=***#***');
    for (const secret of ['user', 'pass', 'abcdefghijklmnop', 'frag']) expect(masked).not.toContain(secret);
  });

  it('says so for a value that is not a URL, without echoing it', () => {
    expect(sut('not a url with token s3cr3t')).toBe('(not a valid URL)');
  });
});
