// The connector answers errors as `{statusCode, code, message, details?}` (docs/api.md); users read Russian.

export interface ConnectorErrorBody {
  code?: string;
  message?: string;
  details: { field: string; reason: string }[];
}

const RUSSIAN_BY_CODE: Readonly<Record<string, string>> = {
  AUTH_API_KEY_MISSING: 'коннектор не получил API-ключ (настройка модуля apiKey)',
  AUTH_API_KEY_INVALID: 'коннектор не принял API-ключ: сверьте настройку модуля apiKey с API_KEYS коннектора',
  CLICK_TO_CALL_NUMBER_NOT_ALLOWED: 'этот номер запрещено набирать (CLICK_TO_CALL_ALLOWED_PATTERNS коннектора)',
  CLICK_TO_CALL_EXTENSION_NOT_FOUND: 'на АТС нет такого внутреннего номера',
  CLICK_TO_CALL_PBX_NOT_FOUND: 'коннектор не знает такой АТС',
  CLICK_TO_CALL_PBX_UNAVAILABLE: 'нет связи коннектора с АТС (AMI)',
  CLICK_TO_CALL_RATE_LIMITED: 'слишком много звонков подряд, повторите через минуту',
  CLICK_TO_CALL_ORIGINATE_REJECTED: 'Asterisk отклонил вызов',
  CLICK_TO_CALL_ORIGINATE_UNCONFIRMED:
    'Asterisk не подтвердил вызов вовремя: телефон может зазвонить, не повторяйте сразу',
  EXTENSIONS_PBX_NOT_FOUND: 'коннектор не знает такой АТС',
  EXTENSIONS_PBX_UNAVAILABLE: 'нет связи коннектора с АТС (AMI)',
  RECORDING_LINKS_DISABLED: 'ссылки на записи в коннекторе выключены (RECORDING_LINK_SECRET)',
  VALIDATION_FAILED: 'коннектор отклонил запрос',
  HEALTH_NOT_READY: 'коннектор не готов к работе',
};

const COMPONENT_NAMES: Readonly<Record<string, string>> = {
  redis: 'Redis',
  postgres: 'PostgreSQL',
  ami: 'связь с АТС (AMI)',
};

export function readConnectorError(body: unknown): ConnectorErrorBody {
  if (typeof body !== 'object' || body === null) return { details: [] };
  const { code, message, details } = body as Record<string, unknown>;
  return {
    code: typeof code === 'string' ? code : undefined,
    message: typeof message === 'string' ? message : undefined,
    details: Array.isArray(details) ? details.filter(isDetail) : [],
  };
}

/** e.g. "Коннектор ответил 403: этот номер запрещено набирать (…) [CLICK_TO_CALL_NUMBER_NOT_ALLOWED: …]" */
export function describeConnectorError(status: number, body: unknown): string {
  const error = readConnectorError(body);
  const russian = error.code === undefined ? undefined : RUSSIAN_BY_CODE[error.code];
  const details = error.details.map((d) => `${d.field}: ${d.reason}`).join('; ');
  const original = [error.code, error.message].filter((part) => part !== undefined).join(': ');
  return [
    `Коннектор ответил ${status}${russian === undefined ? '' : `: ${russian}`}`,
    original === '' ? '' : ` [${original}]`,
    details === '' ? '' : ` (${details})`,
  ].join('');
}

/** What /health/ready's 503 says is down, in Russian: "Redis (down: …), связь с АТС (AMI) (office: disconnected)". */
export function describeNotReady(body: unknown): string {
  const { details, message } = readConnectorError(body);
  if (details.length === 0) return message ?? 'причина не указана';
  return details.map((d) => `${COMPONENT_NAMES[d.field] ?? d.field} (${d.reason})`).join(', ');
}

function isDetail(value: unknown): value is { field: string; reason: string } {
  if (typeof value !== 'object' || value === null) return false;
  const { field, reason } = value as Record<string, unknown>;
  return typeof field === 'string' && typeof reason === 'string';
}
