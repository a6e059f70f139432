import { parseChannelName } from './channel-name';

describe('parseChannelName', () => {
  it.each([
    ['PJSIP/1001-0000002a', { tech: 'PJSIP', resource: '1001' }],
    ['PJSIP/mts-trunk-00000010', { tech: 'PJSIP', resource: 'mts-trunk' }],
    ['SIP/beeline-0000a1b2', { tech: 'SIP', resource: 'beeline' }],
    ['IAX2/office-1234', { tech: 'IAX2', resource: 'office' }],
    [
      'Local/1002@from-internal-00000000;2',
      { tech: 'Local', resource: '1002@from-internal', localHalf: 2, localBase: 'Local/1002@from-internal-00000000' },
    ],
  ])('%s', (name, expected) => {
    expect(parseChannelName(name)).toEqual(expected);
  });
});
