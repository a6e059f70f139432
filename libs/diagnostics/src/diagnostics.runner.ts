import type { AppConfig, PbxConnectionConfig } from '@app/config';
import { maskWebhookUrl } from '@app/elma365';
import { checkAmiUsers } from './ami.check';
import { judgeEventClasses, type SeenEventClasses } from './ami-event-classes';
import { checkCdrFile } from './cdr-file.check';
import { checkConfiguredEnds } from './configuration.check';
import { checkDatabase } from './database.check';
import { type DiagnosticCheck, type DiagnosticsReport, failed, reasonOf, reportOf } from './diagnostic-check';
import { checkGenericApi } from './generic-api.check';
import { checkRedis } from './redis.check';
import { judgeWebhookPings, type PingedUrl } from './webhook-ping.judge';
import { sendWebhookPing } from './webhook-ping.sender';

export interface DiagnosticsSources {
  /** what the ingest recorded for a PBX (Redis); rejects when it cannot be read */
  readonly seenEventClasses: (pbxId: string) => Promise<SeenEventClasses>;
  /** the webhook link ELMA365 pushed, null when none; rejects when it cannot be read */
  readonly storedWebhookUrl: () => Promise<{ readonly url: string } | null>;
  readonly nowMs?: () => number;
  /** per network step (default 5 s) */
  readonly timeoutMs?: number;
}

/** Every check of the chain, in the order an installer fixes them: PBX, stores, ELMA365. Never throws. */
export async function runDiagnostics(config: AppConfig, sources: DiagnosticsSources): Promise<DiagnosticsReport> {
  const nowMs = sources.nowMs ?? Date.now;
  const timeoutMs = sources.timeoutMs ?? 5_000;
  const groups = await Promise.all([
    Promise.resolve(checkConfiguredEnds(config)),
    ...config.ami.pbxs.map((pbx) => pbxChecks(config, pbx, sources, nowMs, timeoutMs)),
    checkRedis(config.redis.url, timeoutMs).then((check) => [check]),
    checkDatabase(config.database.url, timeoutMs).then((check) => [check]),
    webhookChecks(config, sources, timeoutMs),
    config.fastAgi.crm === null ? Promise.resolve([]) : checkGenericApi(config.fastAgi.crm),
  ]);
  return reportOf(groups.flat(), new Date(nowMs()));
}

async function pbxChecks(
  config: AppConfig,
  pbx: PbxConnectionConfig,
  sources: DiagnosticsSources,
  nowMs: () => number,
  timeoutMs: number,
): Promise<DiagnosticCheck[]> {
  const [ami, events, cdr] = await Promise.all([
    checkAmiUsers(pbx, { timeoutMs }),
    sources.seenEventClasses(pbx.pbxId).then(
      (seen) => judgeEventClasses({ pbxId: pbx.pbxId, username: pbx.username, seen, nowMs: nowMs() }),
      (error: unknown) =>
        failed(
          { id: 'ami.events', scope: pbx.pbxId, title: 'AMI call events arrive (read rights)' },
          `what the ingest recorded cannot be read from Redis: ${reasonOf(error)}`,
          'fix Redis first (see its line), then run the doctor again',
        ),
    ),
    config.gapFill === null
      ? undefined
      : checkCdrFile(pbx.pbxId, config.gapFill.cdrCsvPath.replaceAll('{pbxId}', pbx.pbxId)),
  ]);
  return [...ami, events, ...(cdr === undefined ? [] : [cdr])];
}

async function webhookChecks(
  config: AppConfig,
  sources: DiagnosticsSources,
  timeoutMs: number,
): Promise<DiagnosticCheck[]> {
  const elma365 = config.elma365;
  if (elma365 === null) return [];
  let url: PingedUrl & { readonly full: string };
  const notes: DiagnosticCheck[] = [];
  try {
    const stored = await sources.storedWebhookUrl();
    url =
      stored === null
        ? { full: elma365.webhookUrl, shown: maskWebhookUrl(elma365.webhookUrl), source: 'environment' }
        : { full: stored.url, shown: maskWebhookUrl(stored.url), source: 'stored' };
  } catch (error) {
    url = { full: elma365.webhookUrl, shown: maskWebhookUrl(elma365.webhookUrl), source: 'environment' };
    notes.push(
      failed(
        { id: 'elma365.webhook.stored-url', title: 'Webhook link pushed by ELMA365 readable' },
        `cannot read it from the database (${reasonOf(error)}): ELMA365_WEBHOOK_URL was pinged instead`,
        'fix the database first (see its line), then run the doctor again',
      ),
    );
  }
  const target = { url: url.full, token: elma365.webhookToken, timeoutMs };
  const first = await sendWebhookPing(target);
  // The second ping only tells something when the first one was answered by the module.
  const second = first.kind === 'answered' && first.status < 300 ? await sendWebhookPing(target) : first;
  return [...notes, ...judgeWebhookPings(url, first, second)];
}
