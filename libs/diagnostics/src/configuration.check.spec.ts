import { loadConfig } from '@app/config';
import { checkConfiguredEnds as sut } from './configuration.check';

describe('checkConfiguredEnds', () => {
  it('fails both ends when nothing is configured, with the variables to set', () => {
    const checks = sut(loadConfig({}));

    expect(checks.map((check) => [check.id, check.ok])).toEqual([
      ['config.pbx', false],
      ['config.elma365', false],
    ]);
    expect(checks[0].fix).toContain('AMI_URL');
    expect(checks[1].fix).toContain('ELMA365_WEBHOOK_URL');
  });

  it('passes with a PBX and the module webhook, naming them', () => {
    const checks = sut(
      loadConfig({
        AMI_URL: 'ami://crm:secret@127.0.0.1:5038/office',
        ELMA365_WEBHOOK_URL: 'https://company.elma365.ru/hook',
        ELMA365_WEBHOOK_TOKEN: 'token-token-token',
      }),
    );

    expect(checks.every((check) => check.ok)).toBe(true);
    expect(checks.map((check) => check.detail)).toEqual(['PBX office', 'the telephony module webhook']);
  });
});
