import { isSupportedCountry } from 'libphonenumber-js';
import { isFQDN, isIP, ValidateBy, type ValidationOptions } from 'class-validator';
import { parseDurationList } from './duration-list';
import { parseTcpPort } from './tcp-port';

/*
 * Messages name the problem but never repeat a value: some variables hold passwords (REDIS_URL, DATABASE_URL),
 * and a message written for one variable tends to be copied to the next.
 */

export function IsRegExpSource(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isRegExpSource',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && compileError(value) === undefined,
        defaultMessage: (args) => `is not a valid regular expression (${compileError(String(args?.value))})`,
      },
    },
    options,
  );
}

export function IsTcpPort(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTcpPort',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseTcpPort(value) !== undefined,
        defaultMessage: () => 'must be a port number 1-65535',
      },
    },
    options,
  );
}

export function IsListenHost(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isListenHost',
      validator: {
        validate: (value: unknown) => isIP(value) || isFQDN(value, { require_tld: false }),
        defaultMessage: () => 'must be an IP address or a hostname (e.g. 0.0.0.0, 127.0.0.1, ::)',
      },
    },
    options,
  );
}

export function IsPhoneRegion(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPhoneRegion',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isSupportedCountry(value),
        defaultMessage: () => 'must be an ISO 3166-1 alpha-2 region code with a known numbering plan (e.g. RU, KZ, BY)',
      },
    },
    options,
  );
}

/** `protocols` as URL.protocol spells them: 'redis:', 'postgres:'. */
export function IsUrlWithProtocol(protocols: readonly string[], options?: ValidationOptions): PropertyDecorator {
  const expected = protocols.map((protocol) => `${protocol}//`).join(' or ');
  return ValidateBy(
    {
      name: 'isUrlWithProtocol',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && hasProtocolAndHost(value, protocols),
        defaultMessage: () =>
          `must be a ${expected} URL with a host (percent-encode special characters in the password)`,
      },
    },
    options,
  );
}

function compileError(source: string): string | undefined {
  try {
    new RegExp(source);
    return undefined;
  } catch (error: unknown) {
    return error instanceof Error ? error.message : String(error);
  }
}

function hasProtocolAndHost(value: string, protocols: readonly string[]): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return protocols.includes(url.protocol) && url.hostname !== '';
}

export function IsDurationList(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDurationList',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseDurationList(value) !== undefined,
        defaultMessage: () => 'must be a comma-separated list of durations such as 5s,5m,30m,2h (units ms, s, m, h, d)',
      },
    },
    options,
  );
}

/** A space-separated list of regular expressions (commas belong to `{2,6}`, so they cannot separate). */
export function IsRegExpList(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isRegExpList',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          value.split(',').every((p) => p.trim() !== '' && compileError(p.trim()) === undefined),
        defaultMessage: () => 'must be comma-separated valid regular expressions',
      },
    },
    options,
  );
}

export function splitPatterns(value: string): string[] {
  return value.split(/\s+/).filter((p) => p !== '');
}

/** A JSON object whose values are all strings, e.g. a field map. */
export function IsJsonStringMap(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isJsonStringMap',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseStringMap(value) !== undefined,
        defaultMessage: () => 'must be a JSON object of strings, e.g. {"__name":"Звонок {phone}"}',
      },
    },
    options,
  );
}

export function parseStringMap(value: string): Record<string, string> | undefined {
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    const entries = Object.entries(parsed);
    return entries.every(([, v]) => typeof v === 'string') ? (parsed as Record<string, string>) : undefined;
  } catch {
    return undefined;
  }
}

/** An ELMA365 field code (the API's own names for an app's fields). */
export const FIELD_CODE = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;
export const FIELD_CODE_MESSAGE = 'must be an ELMA365 field code (letters, digits, _)';

/** A yes/no variable that is on: `true`, `1` or `yes` (any case). */
export function isOn(value: string | undefined): boolean {
  return value !== undefined && ['true', '1', 'yes'].includes(value.toLowerCase());
}
