export enum ConfigErrorCode {
  InvalidEnvironment = 'CONFIG_INVALID_ENVIRONMENT',
}

/** One bad variable. `message` names the variable and never contains a secret. */
export interface ConfigIssue {
  readonly variable: string;
  readonly message: string;
}

/** Every problem found in the environment at boot, reported together. */
export class ConfigException extends Error {
  readonly code = ConfigErrorCode.InvalidEnvironment;

  constructor(readonly issues: readonly ConfigIssue[]) {
    super(ConfigException.describe(issues));
    this.name = 'ConfigException';
  }

  private static describe(issues: readonly ConfigIssue[]): string {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    return [`Invalid configuration (${count}):`, ...issues.map((issue) => `  - ${issue.message}`)].join('\n');
  }
}
