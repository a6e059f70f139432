import { Expose, Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { LOG_LEVELS, type LogLevel } from './log-level';
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
  @IsListenHost()
  HTTP_HOST: string = '0.0.0.0';

  @Expose()
  @IsTcpPort()
  HTTP_PORT: string = '3000';

  @Expose()
  @IsUrlWithProtocol(['redis:', 'rediss:'])
  REDIS_URL: string = 'redis://127.0.0.1:6379';

  @Expose()
  @IsUrlWithProtocol(['postgres:', 'postgresql:'])
  DATABASE_URL: string = 'postgres://connector:connector@127.0.0.1:5432/connector';
}
