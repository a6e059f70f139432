import { buildAgiEnvironment, parseAgiEnvironmentLine } from './agi-environment';

const block = [
  'agi_network: yes',
  'agi_network_script: route',
  'agi_request: agi://127.0.0.1:4573/route',
  'agi_channel: PJSIP/mts-trunk-00000001',
  'agi_language: en',
  'agi_uniqueid: 1700000000.42',
  'agi_callerid: 79161234567',
  'agi_calleridname: Иван Петров',
  'agi_context: from-mts',
  'agi_extension: 74951234567',
  'agi_arg_1: first',
  'agi_arg_2: ',
  'agi_arg_3: third, with comma',
];

function parse(lines: readonly string[]): ReturnType<typeof buildAgiEnvironment> {
  const raw: Record<string, string> = {};
  for (const line of lines) {
    const entry = parseAgiEnvironmentLine(line);
    if (entry) raw[entry[0]] = entry[1];
  }
  return buildAgiEnvironment(raw);
}

describe('AGI environment', () => {
  it('reads the block Asterisk sends', () => {
    const sut = parse(block);

    expect(sut).toMatchObject({
      script: 'route',
      request: 'agi://127.0.0.1:4573/route',
      channel: 'PJSIP/mts-trunk-00000001',
      uniqueId: '1700000000.42',
      callerId: '79161234567',
      callerIdName: 'Иван Петров',
      context: 'from-mts',
      extension: '74951234567',
      arguments: ['first', '', 'third, with comma'],
    });
    expect(sut.raw['language']).toBe('en');
  });

  it.each([
    ['route?trace=1', 'route'],
    ['/crm/route/', 'crm/route'],
    ['', ''],
  ])('agi_network_script %p -> script %p', (script, expected) => {
    expect(parse([`agi_network_script: ${script}`]).script).toBe(expected);
  });

  it('falls back to the path of agi_request', () => {
    expect(parse(['agi_request: agi://connector:4573/route?x=1']).script).toBe('route');
  });

  it.each(['HANGUP', '200 result=1', 'network: yes', 'garbage'])('ignores %p', (line) => {
    expect(parseAgiEnvironmentLine(line)).toBeUndefined();
  });

  it('keeps colons inside values', () => {
    expect(parseAgiEnvironmentLine('agi_request: agi://h:4573/route')).toEqual(['request', 'agi://h:4573/route']);
  });

  it('missing variables read as empty, no arguments as []', () => {
    expect(parse([])).toMatchObject({ channel: '', callerId: '', arguments: [] });
  });
});
