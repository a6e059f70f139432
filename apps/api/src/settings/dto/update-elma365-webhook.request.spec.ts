import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { UpdateElma365WebhookRequest } from './update-elma365-webhook.request';

describe(UpdateElma365WebhookRequest.name, () => {
  const reasonsFor = (body: unknown): string[] =>
    validateSync(plainToInstance(UpdateElma365WebhookRequest, body)).flatMap((e) => Object.values(e.constraints ?? {}));

  it('takes an absolute http(s) link, an IP address and a port included', () => {
    expect(reasonsFor({ url: 'https://mycompany.elma365.ru/api/extensions/abc/script/webhook?token=x' })).toEqual([]);
    expect(reasonsFor({ url: 'http://127.0.0.1:8080/webhook' })).toEqual([]);
    expect(reasonsFor({ url: 'http://elma.local/hook' })).toEqual([]);
  });

  it('refuses a relative link, another scheme, credentials in the link, or no link at all', () => {
    for (const url of ['/api/webhook', 'mycompany.elma365.ru/hook', 'ftp://elma.local/hook', 'javascript:alert(1)']) {
      expect({ url, reasons: reasonsFor({ url }) }).toEqual({
        url,
        reasons: ['url must be an absolute http(s) URL without user name or password'],
      });
    }
    expect(reasonsFor({ url: 'https://user:pass@elma.local/hook' })).toHaveLength(1);
    expect(reasonsFor({})).toContain('url must be a string');
    expect(reasonsFor({ url: `https://elma.local/${'a'.repeat(2048)}` })).toContain(
      'url must be shorter than or equal to 2048 characters',
    );
  });
});
