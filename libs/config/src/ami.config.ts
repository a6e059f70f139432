import { Expose } from 'class-transformer';
import { IsOptional, IsString } from 'class-validator';
import { type AmiUrlParseResult, parseAmiUrls } from './ami-url.parser';
import type { ConfigIssue } from './config.exception';
import { type Environment, readSection, type SectionResult } from './config-section';

/** The PBXs the connector logs in to (AMI). */
export class AmiEnvironmentDto {
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
}

export type AmiAuthMethod = 'plain' | 'md5';

/** One PBX the connector logs in to, parsed from an AMI_URL entry. */
export interface PbxConnectionConfig {
  readonly pbxId: string;
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly secret: string;
  readonly auth: AmiAuthMethod;
  /**
   * The user click-to-call originates with (AMI_ORIGINATE_URL's entry for this PBX); absent: this one. Kept apart
   * because a user with both `originate` and `system` can Originate the System application, i.e. run shell commands.
   */
  readonly originator?: PbxConnectionConfig;
}

export interface AmiConfig {
  readonly pbxs: readonly PbxConnectionConfig[];
}

/** `AppConfig.ami`: every PBX of AMI_URL, each with its AMI_ORIGINATE_URL user when it has one. */
export function loadAmiConfig(env: Environment): SectionResult<AmiConfig> {
  const { values, issues } = readSection(AmiEnvironmentDto, env);
  const ami = parseAmiUrls(values.AMI_URL);
  const originators = parseAmiUrls(values.AMI_ORIGINATE_URL, 'AMI_ORIGINATE_URL');
  const all = [...issues, ...ami.issues, ...originators.issues, ...unknownOriginatorIssues(ami, originators)];
  return all.length > 0 ? { issues: all } : { value: { pbxs: withOriginators(ami, originators) }, issues: all };
}

/** An AMI_ORIGINATE_URL entry whose pbx id AMI_URL does not have would never be used: refused, not ignored. */
function unknownOriginatorIssues(ami: AmiUrlParseResult, originators: AmiUrlParseResult): ConfigIssue[] {
  const known = new Set(ami.pbxs.map((pbx) => pbx.pbxId.toLowerCase()));
  return originators.pbxs
    .filter((o) => !known.has(o.pbxId.toLowerCase()))
    .map((o) => ({
      variable: 'AMI_ORIGINATE_URL',
      message: `AMI_ORIGINATE_URL: pbx id '${o.pbxId}' is not in AMI_URL (each entry names a PBX of AMI_URL)`,
    }));
}

function withOriginators(ami: AmiUrlParseResult, originators: AmiUrlParseResult): PbxConnectionConfig[] {
  return ami.pbxs.map((pbx) => {
    const originator = originators.pbxs.find((o) => o.pbxId.toLowerCase() === pbx.pbxId.toLowerCase());
    return originator === undefined ? pbx : { ...pbx, originator: { ...originator, pbxId: pbx.pbxId } };
  });
}
