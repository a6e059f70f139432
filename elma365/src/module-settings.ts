export interface ConnectorSettings {
  /** without a trailing slash */
  connectorUrl: string;
  apiKey: string;
}

/** How the module trusts a webhook request; the values of libs/elma365's `WebhookVerificationMode`. */
export type VerificationMode = 'signature' | 'token' | 'url';

export const VERIFICATION_MODES: readonly VerificationMode[] = ['signature', 'token', 'url'];

export type VerificationModeSetting =
  | { ok: true; mode: VerificationMode }
  /** `shown`: the value as it may be shown (quoted when it looks like a mode name, else only its length) */
  | { ok: false; shown: string };

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
  const token: unknown = Namespace.params.data.webhookToken;
  return typeof token === 'string' ? token.trim() : '';
}

/** `verificationMode` of Настройки модуля: empty means `signature`; anything unknown is not guessed at. */
export function verificationModeSetting(): VerificationModeSetting {
  const raw: unknown = Namespace.params.data.verificationMode;
  if (raw === undefined || raw === null) return { ok: true, mode: 'signature' };
  if (typeof raw !== 'string') return { ok: false, shown: `(${typeof raw})` };
  const value = raw.trim().toLowerCase();
  if (value === '') return { ok: true, mode: 'signature' };
  const mode = VERIFICATION_MODES.find((known) => known === value);
  if (mode !== undefined) return { ok: true, mode };
  // A token pasted into the wrong field must not end up in a log: only a word that looks like a mode is echoed.
  return { ok: false, shown: /^[a-z_-]{1,16}$/.test(value) ? `"${value}"` : `(${value.length} characters)` };
}

/** What in Настройки модуля makes webhooks fail, in Russian for «Проверить соединение»; empty when consistent. */
export function webhookSettingsProblems(): string[] {
  const mode = verificationModeSetting();
  if (!mode.ok) {
    return [
      `неизвестный режим проверки verificationMode ${mode.shown}: укажите signature, token или url — пока он такой, модуль отклоняет все события коннектора`,
    ];
  }
  if (mode.mode !== 'url' && webhookToken() === '') {
    return [
      `не задан webhookToken (Token из «Настройки телефонии»): в режиме ${mode.mode} модуль отклоняет все события коннектора`,
    ];
  }
  return [];
}
