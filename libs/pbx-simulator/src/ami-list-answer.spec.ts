import { coreShowChannelsAnswer, eventListAnswer } from './ami-list-answer';

describe('eventListAnswer', () => {
  const items = [
    [
      ['Event', 'EndpointList'],
      ['ObjectName', '1001'],
    ],
  ] as const;

  it('puts the ActionID after each item`s Event line, and counts the items', () => {
    expect(eventListAnswer({ actionId: 'e1' }, 'EndpointListComplete', items, 'Endpoints follow')).toBe(
      'Response: Success\r\nActionID: e1\r\nEventList: start\r\nMessage: Endpoints follow\r\n\r\n' +
        'Event: EndpointList\r\nActionID: e1\r\nObjectName: 1001\r\n\r\n' +
        'Event: EndpointListComplete\r\nActionID: e1\r\nEventList: Complete\r\nListItems: 1\r\n\r\n',
    );
  });

  it('leaves the ActionID out when the action sent none, as Asterisk does', () => {
    expect(coreShowChannelsAnswer({ actionId: undefined }, [])).toBe(
      'Response: Success\r\nEventList: start\r\nMessage: Channels will follow\r\n\r\n' +
        'Event: CoreShowChannelsComplete\r\nEventList: Complete\r\nListItems: 0\r\n\r\n',
    );
  });
});
