import type { AmiMessage } from '@app/ami';
import type { AmiTestConnection } from '@app/testing';

/** The lab's phones and the MTS trunk, as PJSIPShowEndpoints lists them. */
export function answerEndpoints(action: AmiMessage, connection: AmiTestConnection): void {
  const actionId = action.actionId ?? '';
  connection.respond(action, 'Success', {
    EventList: 'start',
    Message: 'A listing of Endpoints follows, presented as EndpointList events',
  });
  const endpoints: [string, string, string][] = [
    ['1001', '"Anna" <1001>', 'Not in use'],
    ['1002', '"Борис Петров" <1002>', 'Unavailable'],
    ['mts-trunk', '', 'Not in use'],
  ];
  for (const [name, callerId, state] of endpoints) {
    connection.sendBlock([
      ['Event', 'EndpointList'],
      ['ActionID', actionId],
      ['ObjectType', 'endpoint'],
      ['ObjectName', name],
      ['Transport', 'transport-udp'],
      ['Aor', name],
      ['Auths', name],
      ['OutboundAuths', ''],
      ['Contacts', ''],
      ['DeviceState', state],
      ['ActiveChannels', '0'],
      ...(callerId ? ([['CallerID', callerId]] as [string, string][]) : []),
    ]);
  }
  connection.sendBlock({ Event: 'EndpointListComplete', ActionID: actionId, EventList: 'Complete', ListItems: '3' });
}
