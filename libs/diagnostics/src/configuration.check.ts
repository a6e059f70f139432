import type { AppConfig } from '@app/config';
import { type DiagnosticCheck, failed, passed } from './diagnostic-check';

/**
 * The two ends the connector links: a doctor that only says Redis is fine while no PBX or no ELMA365 is set would
 * read as "all good" to an installer who forgot the .env.
 */
export function checkConfiguredEnds(config: AppConfig): DiagnosticCheck[] {
  const pbx = { id: 'config.pbx', title: 'A PBX is configured (AMI_URL)' };
  const elma365 = { id: 'config.elma365', title: 'ELMA365 delivery is configured' };
  const pbxIds = config.ami.pbxs.map((connection) => connection.pbxId);
  const targets = [
    ...(config.elma365 === null ? [] : ['the telephony module webhook']),
    ...(config.elma365Generic === null ? [] : ['generic mode (/pub/v1)']),
  ];
  return [
    pbxIds.length === 0
      ? failed(pbx, 'AMI_URL is empty: no PBX is listened to', 'set AMI_URL=ami://user:secret@host:5038/<pbx id>')
      : passed(pbx, `PBX ${pbxIds.join(', ')}`),
    targets.length === 0
      ? failed(
          elma365,
          'neither ELMA365_WEBHOOK_URL nor generic mode is set: calls are stored, never sent to ELMA365',
          'set ELMA365_WEBHOOK_URL and ELMA365_WEBHOOK_TOKEN from Настройки телефонии (or ELMA365_GENERIC_*)',
        )
      : passed(elma365, targets.join(' and ')),
  ];
}
