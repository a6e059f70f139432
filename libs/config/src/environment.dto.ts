import { Expose, Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MinLength, ValidateIf } from 'class-validator';
import { LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel } from './log-level';
import { IsListenHost, IsPhoneRegion, IsRegExpSource, IsTcpPort, IsUrlWithProtocol } from './environment.validators';

const toUpperCase = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.toUpperCase() : value;
const toLowerCase = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.toLowerCase() : value;

/**
 * The environment variables the connector reads, with their defaults. Values arrive trimmed, and an empty value
 * counts as unset (compose files often carry `VAR=`). Only the variables declared here are read.
 */
export class EnvironmentDto {
  /** Comma-separated `ami://user:secret@host:port/pbxId[?auth=md5]`; parsed by parseAmiUrls. Empty: no PBX. */
  @Expose()
  @IsOptional()
  @IsString()
  AMI_URL?: string;

  /** The click-to-call user of each PBX, same form and pbx ids as AMI_URL; parsed by parseAmiUrls. Empty: AMI_URL's. */
  @Expose()
  @IsOptional()
  @IsString()
  AMI_ORIGINATE_URL?: string;

  @Expose()
  @IsRegExpSource()
  INTERNAL_EXTENSION_PATTERN: string = '^\\d{2,6}$';

  @Expose()
  @IsOptional()
  @IsRegExpSource()
  TRUNK_ENDPOINT_PATTERN?: string;

  @Expose()
  @Transform(toUpperCase)
  @IsPhoneRegion()
  PHONE_DEFAULT_REGION: string = 'RU';

  @Expose()
  @Transform(toLowerCase)
  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'log';

  @Expose()
  @IsIn(LOG_FORMATS, { message: `must be one of ${LOG_FORMATS.join(', ')}` })
  LOG_FORMAT: LogFormat = 'auto';

  @Expose()
  @IsListenHost()
  HTTP_HOST: string = '0.0.0.0';

  @Expose()
  @IsTcpPort()
  HTTP_PORT: string = '3000';

  /** The ops endpoint (health, metrics) of a standalone ingest or worker, which has no API of its own. */
  @Expose()
  @IsListenHost()
  OPS_HTTP_HOST: string = '127.0.0.1';

  /** Off by default: ingest and worker started side by side on one host would otherwise fight over one port. */
  @Expose()
  @ValidateIf((env: EnvironmentDto) => env.OPS_HTTP_PORT !== '0')
  @IsTcpPort({ message: 'must be a port number 1-65535, or 0 (off)' })
  OPS_HTTP_PORT: string = '0';

  @Expose()
  @IsUrlWithProtocol(['redis:', 'rediss:'])
  REDIS_URL: string = 'redis://127.0.0.1:6379';

  @Expose()
  @IsUrlWithProtocol(['postgres:', 'postgresql:'])
  DATABASE_URL: string = 'postgres://connector:connector@127.0.0.1:5432/connector';

  /** Comma-separated bearer keys for /api/v1. */
  @Expose()
  @IsOptional()
  @Matches(/^[A-Za-z0-9._~+/=-]{16,}(,[A-Za-z0-9._~+/=-]{16,})*$/, {
    message: 'must be comma-separated keys of at least 16 characters (letters, digits, ._~+/=-)',
  })
  API_KEYS?: string;

  @Expose()
  @IsOptional()
  @Matches(/^[^:\s]{1,64}$/, { message: 'must be a user name without spaces or ":"' })
  ADMIN_USER?: string;

  @Expose()
  @ValidateIf((env: EnvironmentDto) => env.ADMIN_USER !== undefined)
  @IsString({ message: 'is required when ADMIN_USER is set' })
  @MinLength(12, { message: 'must be at least 12 characters' })
  ADMIN_PASSWORD?: string;

  @Expose()
  @IsUrlWithProtocol(['http:', 'https:'])
  PUBLIC_BASE_URL: string = 'http://127.0.0.1:3000';

  @Expose()
  @Matches(/^\d{1,5}$/, { message: 'must be a number of seconds' })
  EXTENSIONS_CACHE_SECONDS: string = '30';

  @Expose()
  @IsString()
  RECORDINGS_DIR: string = '/var/spool/asterisk/monitor';

  /** HMAC key of signed recording links; required as soon as API keys are set. */
  @Expose()
  @ValidateIf((env: EnvironmentDto) => env.API_KEYS !== undefined || env.RECORDING_LINK_SECRET !== undefined)
  @IsString({ message: 'is required when API_KEYS is set' })
  @MinLength(16, { message: 'must be at least 16 characters' })
  RECORDING_LINK_SECRET?: string;

  @Expose()
  @Matches(/^\d{1,6}$/, { message: 'must be a number of seconds' })
  RECORDING_LINK_TTL_SECONDS: string = '3600';
}
