import { HttpStatus } from '@nestjs/common';
import { ApiException } from '../common/api-error';

export enum SettingsErrorCode {
  WebhookNotConfigured = 'SETTINGS_ELMA365_WEBHOOK_NOT_CONFIGURED',
  WebhookHostNotAllowed = 'SETTINGS_ELMA365_WEBHOOK_HOST_NOT_ALLOWED',
}

export class Elma365WebhookNotConfiguredException extends ApiException {
  constructor() {
    super(
      HttpStatus.CONFLICT,
      SettingsErrorCode.WebhookNotConfigured,
      'Webhook delivery is not configured on this connector: set ELMA365_WEBHOOK_URL and ELMA365_WEBHOOK_TOKEN ' +
        '(Настройки телефонии) and restart it; ELMA365 can then push a new link',
    );
  }
}

/** The link points at a host not in ELMA365_WEBHOOK_ALLOWED_HOSTS: a stolen API key must not redirect every call. */
export class Elma365WebhookHostNotAllowedException extends ApiException {
  constructor(host: string, allowedHosts: readonly string[]) {
    const reason = `the host ${host} is not allowed (allowed: ${allowedHosts.join(', ')})`;
    super(
      HttpStatus.FORBIDDEN,
      SettingsErrorCode.WebhookHostNotAllowed,
      `The webhook link points at ${host}, which is not allowed: if this is your ELMA365, add it to ` +
        'ELMA365_WEBHOOK_ALLOWED_HOSTS (host names separated by spaces or commas) and restart the connector',
      [{ field: 'url', reason }],
    );
  }
}
