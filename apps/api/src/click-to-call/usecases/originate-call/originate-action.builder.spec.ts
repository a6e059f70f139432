import { escapeVariableValue, originateFields } from './originate-action.builder';

describe('originateFields', () => {
  const spec = {
    actionId: 'api-office-1-abc',
    technology: 'SIP' as const,
    extension: '2001',
    context: 'from-internal',
    exten: '79161234567',
    ringTimeoutSeconds: 30,
    callerName: '+79161234567',
    callerNumber: '+79161234567',
    channelId: 'c2c-1',
    variables: {},
    autoAnswerHeader: 'Alert-Info: <http://x>;info=alert-autoanswer,delay=0',
  };

  it('uses SIPADDHEADER for chan_sip phones and leaves Variable out when there is none', () => {
    expect(originateFields(spec).Variable).toEqual([
      'SIPADDHEADER01=Alert-Info: <http://x>;info=alert-autoanswer\\,delay=0',
    ]);
    expect(originateFields({ ...spec, autoAnswerHeader: null }).Variable).toBeUndefined();
  });

  it('escapes what would let a value set a second variable', () => {
    expect(escapeVariableValue('1,CALLERID(num)=666')).toBe('1\\,CALLERID\\(num\\)=666');
    expect(escapeVariableValue('a\\b "c" [d]')).toBe('a\\\\b \\"c\\" \\[d\\]');
  });
});
