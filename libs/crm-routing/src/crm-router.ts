import { isUnknownNumber, normalizePhoneNumber } from '@app/calls';
import type { CrmRoutingConfig } from '@app/config';

import { choiceCodeOf, ContactLookup, type Elma365Item, Elma365PubApiClient, textOf, userIdsOf } from '@app/elma365';
import { ExtensionDirectory } from './extension-directory';
import { FALLBACK_DECISION, type RoutingAction, type RoutingDecision, type RoutingRequest } from './routing-decision';
import { TtlCache } from './ttl-cache';

const MAX_CACHED_CALLERS = 10_000;
const E164 = /^\+\d{8,15}$/;

type Routed = Omit<RoutingDecision, 'source'>;

/** A lookup that finished: `cacheable` false when part of it failed and the next call should try again. */
interface LookupOutcome {
  readonly routed: Routed;
  readonly cacheable: boolean;
}

export interface CrmRouterLogger {
  warn(message: string): void;
  debug?(message: string): void;
}

export interface CrmRouterOptions {
  readonly nowMs?: () => number;
  readonly logger?: CrmRouterLogger;
  /**
   * Only extensions matching this are offered to the dialplan (INTERNAL_EXTENSION_PATTERN): a binding edited
   * into `1001&PJSIP/8800...@trunk` must not become a dial string.
   */
  readonly extensionPattern?: RegExp;
  /** for tests; built from the config otherwise */
  readonly client?: Elma365PubApiClient;
  /**
   * Takes a slot of the company's /pub/v1 budget before each request, throwing when none is free (the lookup then
   * fails and the call gets the default route); the slots are shared with generic mode.
   */
  readonly beforeRequest?: () => Promise<void>;
}

/**
 * Decides where an incoming call goes from the caller's ELMA365 contact: its responsible user's extension,
 * voicemail, or the dialplan's default. Never takes longer than the caller allows: a lookup still running at
 * the deadline keeps going and fills the cache for the next call.
 */
export class CrmRouter {
  private readonly cache: TtlCache<string, Routed>;
  private readonly inFlight = new Map<string, Promise<LookupOutcome | null>>();
  private readonly crm: CrmConnection | null;
  private readonly logger: CrmRouterLogger | undefined;
  private readonly extensionPattern: RegExp;

  constructor(
    config: CrmRoutingConfig | null,
    private readonly region: string,
    options: CrmRouterOptions = {},
  ) {
    const nowMs = options.nowMs ?? Date.now;
    this.logger = options.logger;
    this.extensionPattern = options.extensionPattern ?? /^\d{2,6}$/;
    this.cache = new TtlCache((config?.cacheSeconds ?? 0) * 1000, MAX_CACHED_CALLERS, nowMs);
    this.crm =
      config === null ? null : connect(config, region, nowMs, options.client ?? client(config, nowMs, options));
  }

  /** Resolves within `timeoutMs` and never rejects. */
  async route(request: RoutingRequest, { timeoutMs }: { timeoutMs: number }): Promise<RoutingDecision> {
    if (this.crm === null || isUnknownNumber(request.callerNumber)) return FALLBACK_DECISION;
    const caller = normalizePhoneNumber(request.callerNumber, this.region);
    if (!E164.test(caller)) return FALLBACK_DECISION;

    const cached = this.cache.get(caller);
    if (cached) return { ...cached, source: 'cache' };
    // Not even a lookup to join: nothing may reach ELMA365 before Retry-After.
    if (this.crm.client.rateLimited && !this.inFlight.has(caller)) return FALLBACK_DECISION;
    // A burst of new numbers must not become a burst of requests: over the cap, the dialplan's default at once.
    if (!this.inFlight.has(caller) && this.inFlight.size >= this.crm.config.maxLookupsInFlight) {
      return FALLBACK_DECISION;
    }

    const outcome = await withinMs(this.lookupOnce(this.crm, caller), timeoutMs);
    return outcome ? { ...outcome.routed, source: 'crm' } : FALLBACK_DECISION;
  }

  private lookupOnce(crm: CrmConnection, caller: string): Promise<LookupOutcome | null> {
    const running = this.inFlight.get(caller);
    if (running) return running;
    const lookup = this.lookup(crm, caller)
      .then((outcome) => {
        if (outcome.cacheable) this.cache.set(caller, outcome.routed);
        return outcome;
      })
      .catch((error: unknown) => {
        this.logger?.warn(`CRM routing for ${maskNumber(caller)}: ${describe(error)}`);
        return null;
      })
      .finally(() => this.inFlight.delete(caller));
    this.inFlight.set(caller, lookup);
    return lookup;
  }

  private async lookup(crm: CrmConnection, caller: string): Promise<LookupOutcome> {
    const contact = await crm.contacts.findByPhone(caller);
    if (contact === null) return { routed: { action: 'default', extension: null, callerName: null }, cacheable: true };

    const callerName = textOf(contact['__name']);
    const responsible = userIdsOf(contact[crm.config.contactResponsibleField])[0];
    let extension: string | null = null;
    let cacheable = true;
    if (responsible !== undefined) {
      try {
        extension = await crm.directory.extensionOf(responsible);
        if (extension !== null && !this.extensionPattern.test(extension)) {
          this.logger?.warn(`CRM routing: ignoring extension '${extension.slice(0, 40)}': not an internal extension`);
          extension = null;
        }
      } catch (error: unknown) {
        // The name is still worth showing; the extension is retried by the next call.
        this.logger?.warn(`CRM routing: extension directory: ${describe(error)}`);
        cacheable = false;
      }
    }
    return { routed: { action: actionFor(crm.config, contact, extension), extension, callerName }, cacheable };
  }
}

interface CrmConnection {
  readonly config: CrmRoutingConfig;
  readonly client: Elma365PubApiClient;
  readonly contacts: ContactLookup;
  readonly directory: ExtensionDirectory;
}

function client(config: CrmRoutingConfig, nowMs: () => number, options: CrmRouterOptions): Elma365PubApiClient {
  return new Elma365PubApiClient({
    baseUrl: config.apiUrl,
    token: config.apiToken,
    timeoutMs: config.requestTimeoutMs,
    nowMs,
    ...(options.beforeRequest ? { beforeRequest: options.beforeRequest } : {}),
  });
}

function connect(
  config: CrmRoutingConfig,
  region: string,
  nowMs: () => number,
  client: Elma365PubApiClient,
): CrmConnection {
  return {
    config,
    client,
    contacts: new ContactLookup(client, config, region),
    directory: new ExtensionDirectory(client, config, nowMs),
  };
}

function actionFor(config: CrmRoutingConfig, contact: Elma365Item, extension: string | null): RoutingAction {
  const wanted = config.contactRoutingField === null ? null : choiceCodeOf(contact[config.contactRoutingField]);
  if (wanted === 'voicemail') return 'voicemail';
  return extension !== null ? 'forward' : 'default';
}

/** The promise's value, or undefined once `ms` have passed; the promise itself runs on. */
function withinMs<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), Math.max(0, ms));
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Logs keep the last digits only: caller numbers are personal data. */
function maskNumber(e164: string): string {
  return `${e164.slice(0, -4).replace(/\d/g, '*')}${e164.slice(-4)}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
