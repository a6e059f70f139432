import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { COMPOSE_SECRETS, PROFILE_SECRETS } from './support/compose-secrets';
import { declaredVariables } from './support/config-schema';

const read = (path: string): string => readFileSync(resolve(__dirname, '..', path), 'utf8');

/** `.env.example` documents every variable the config lib reads, and nothing it does not. */
describe('.env.example', () => {
  const documented = [...read('.env.example').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);
  const declared = declaredVariables();

  it('reads the schema (guards the pattern below against going blind)', () => {
    expect(declared).toEqual(
      expect.arrayContaining(['AMI_URL', 'ELMA365_WEBHOOK_TOKEN', 'RECORDING_LINK_SECRET', 'FASTAGI_DEADLINE_MS']),
    );
  });

  it('lists every variable of the environment schema', () => {
    expect(declared.filter((n) => !documented.includes(n))).toEqual([]);
  });

  /** compose's and its profiles' secrets and settings, the kit's network, and the sandbox switches read by
   * libs/config/src/sandbox-environment.ts */
  const readElsewhere = [
    ...COMPOSE_SECRETS,
    ...Object.values(PROFILE_SECRETS).flat(),
    'GRAFANA_PUBLISH_ADDRESS',
    'PROMETHEUS_RETENTION',
    'PBX_SUBNET',
    'EDGE_SITE',
    'EDGE_TLS',
    'API_PUBLISH_ADDRESS',
    'SANDBOX',
    'SANDBOX_TRACES_DIR',
  ];

  it('documents nothing the connector ignores', () => {
    expect(documented.filter((n) => !declared.includes(n) && !readElsewhere.includes(n))).toEqual([]);
    const sandbox = read('libs/config/src/sandbox-environment.ts');
    for (const name of ['SANDBOX', 'SANDBOX_TRACES_DIR']) expect(sandbox).toContain(`env.${name}`);
  });
});
