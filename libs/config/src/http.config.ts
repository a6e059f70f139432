import { Expose } from 'class-transformer';
import { ValidateIf } from 'class-validator';
import { type Environment, readSection, type SectionResult } from './config-section';
import { IsListenHost, IsTcpPort } from './environment.validators';

/** Where the API listens, and the ops endpoint of a standalone ingest or worker. */
export class HttpEnvironmentDto {
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
  @ValidateIf((env: HttpEnvironmentDto) => env.OPS_HTTP_PORT !== '0')
  @IsTcpPort({ message: 'must be a port number 1-65535, or 0 (off)' })
  OPS_HTTP_PORT: string = '0';
}

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

export interface HttpConfig {
  readonly http: ListenAddress;
  /** the ops endpoint of a standalone ingest or worker; null when OPS_HTTP_PORT is 0 (off) */
  readonly opsHttp: ListenAddress | null;
}

/** `AppConfig.http` and `AppConfig.opsHttp`. */
export function loadHttpConfig(env: Environment): SectionResult<HttpConfig> {
  const { values, issues } = readSection(HttpEnvironmentDto, env);
  if (issues.length > 0) return { issues };
  const opsPort = Number(values.OPS_HTTP_PORT);
  return {
    issues,
    value: {
      http: { host: values.HTTP_HOST, port: Number(values.HTTP_PORT) },
      opsHttp: opsPort === 0 ? null : { host: values.OPS_HTTP_HOST, port: opsPort },
    },
  };
}
