export interface ConnectorSettings {
  /** without a trailing slash */
  connectorUrl: string;
  apiKey: string;
}

/** Thrown when the admin has not filled in Настройки модуля; the message is shown to users as is. */
export class ModuleSettingsError extends Error {}

export function connectorSettings(): ConnectorSettings {
  const data = Namespace.params.data;
  const connectorUrl = (data.connectorUrl ?? '').trim().replace(/\/+$/, '');
  const apiKey = (data.apiKey ?? '').trim();
  if (!/^https?:\/\/\S+$/i.test(connectorUrl)) {
    throw new ModuleSettingsError(
      'В настройках модуля не задан адрес коннектора (connectorUrl), например https://connector.example.ru',
    );
  }
  if (apiKey === '') throw new ModuleSettingsError('В настройках модуля не задан API-ключ коннектора (apiKey)');
  return { connectorUrl, apiKey };
}

/** The module's webhook Token, copied by the admin from Настройки телефонии; '' when not set. */
export function webhookToken(): string {
  return (Namespace.params.data.webhookToken ?? '').trim();
}
