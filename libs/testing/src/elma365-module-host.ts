import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { createContext, runInContext } from 'node:vm';
import type * as TypeScript from 'typescript';
import { buildModuleSource } from '../../../elma365/build-module';
import { flattenHeaders, LoopbackHttpServer, readBody } from '@app/sandbox';
import { sentAnswer, standInSdkGlobals } from './elma365-sdk-stand-in';

/** Настройки модуля as the scripts read them (`Namespace.params.data`). */
export interface PastedModuleSettings {
  connectorUrl?: string;
  apiKey?: string;
  webhookToken?: string;
  verificationMode?: string;
}

/** ELMA365's `FetchRequest`, as the host builds it from an HTTP request. */
export interface HostedFetchRequest {
  method: string;
  headers: Record<string, string>;
  body: string;
}

/** The values a script returned; enum fields are whatever the SDK's enums hold. */
export type HostedVoipValue = Readonly<Record<string, unknown>>;

export interface HostedParseResult {
  event?: HostedVoipValue;
  callRecord?: HostedVoipValue;
  response?: unknown;
}

/** The `Voip*` functions of the pasted file. */
export interface PastedModule {
  VoipTestConnection(): Promise<{ success: boolean; failReason?: string }>;
  VoipParseWebhookRequest(request: unknown): Promise<HostedParseResult>;
  VoipGetMembers(): Promise<{ id: string; label: string }[]>;
  VoipGenerateCall(srcPhone: string, dstPhone: string): Promise<void>;
  VoipGetCallLink(callData: unknown): Promise<string>;
  VoipOnWebhookUpdated(webhookUrl: string): Promise<void>;
}

export interface PastedModuleOptions {
  settings: PastedModuleSettings;
  /**
   * How the SDK enums exist: as properties of the global object (default), as global lexical bindings declared by an
   * earlier script (invisible on globalThis), or not at all.
   */
  sdkEnums?: 'globals' | 'lexical' | 'none';
  fetch?: typeof fetch;
  console?: Pick<Console, 'log' | 'error' | 'warn'>;
}

/** The functions ELMA365 calls by name (CONTRACT.md §1.A). */
export const VOIP_FUNCTION_NAMES = [
  'VoipTestConnection',
  'VoipParseWebhookRequest',
  'VoipGetMembers',
  'VoipGenerateCall',
  'VoipGetCallLink',
  'VoipOnWebhookUpdated',
] as const;

/**
 * Runs the file `npm run elma365:module` writes the way ELMA365 would: one script in a bare `vm` context whose only
 * globals are ELMA365's (the stand-in SDK, `Namespace`, `fetch`, `console`, timers).
 */
export function loadPastedModule(options: PastedModuleOptions): PastedModule {
  const ts = typescript();
  const javascript = ts.transpileModule(buildModuleSource(), {
    compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.None },
  }).outputText;
  const { HttpResponse, ...enums } = standInSdkGlobals();
  const sdkEnums = options.sdkEnums ?? 'globals';
  const context = createContext({
    Namespace: { params: { data: { ...options.settings } } },
    HttpResponse,
    ...(sdkEnums === 'globals' ? enums : {}),
    fetch: options.fetch ?? (() => Promise.reject(new Error('no fetch in this host'))),
    console: options.console ?? console,
    setTimeout,
    clearTimeout,
  });
  if (sdkEnums === 'lexical') {
    context.__sdkEnums = enums;
    runInContext(
      'const VoipWebhookEvent = __sdkEnums.VoipWebhookEvent; const VoipCallDirection = __sdkEnums.VoipCallDirection; ' +
        'const VoipCallDisposition = __sdkEnums.VoipCallDisposition; delete globalThis.__sdkEnums;',
      context,
    );
  }
  return runInContext(`${javascript}\n;({ ${VOIP_FUNCTION_NAMES.join(', ')} })`, context) as PastedModule;
}

// Required on first use, not imported: `typescript` takes about a second to load, which every test importing
// @app/testing would pay.
function typescript(): typeof TypeScript {
  return createRequire(__filename)('typescript') as typeof TypeScript;
}

/** One POST the host answered. */
export interface HostedExchange {
  readonly receivedAtMs: number;
  readonly path: string;
  /** lower-case header names as they arrived */
  readonly headerNames: readonly string[];
  readonly status: number;
  readonly content: string;
  readonly event?: HostedVoipValue;
  readonly callRecord?: HostedVoipValue;
  /** set when VoipParseWebhookRequest threw (answered 500) */
  readonly thrown?: string;
}

export interface Elma365ModuleHostOptions {
  settings: PastedModuleSettings;
  sdkEnums?: PastedModuleOptions['sdkEnums'];
}

/**
 * ELMA365's module webhook for e2e tests, on 127.0.0.1: every POST becomes a `FetchRequest` for the pasted module's
 * `VoipParseWebhookRequest`, run against the stand-in SDK; its `response` (else 200) is the HTTP answer. Keeps every
 * exchange, the events and records ELMA365 would have shown, and what the script logged.
 */
export class Elma365ModuleHost {
  readonly exchanges: HostedExchange[] = [];
  readonly logs: string[] = [];
  private http!: LoopbackHttpServer;
  private readonly module: PastedModule;

  private constructor(options: Elma365ModuleHostOptions) {
    const keep =
      (level: string) =>
      (...args: unknown[]): void => {
        this.logs.push(`${level}: ${args.map(String).join(' ')}`);
      };
    this.module = loadPastedModule({
      settings: options.settings,
      sdkEnums: options.sdkEnums,
      console: { log: keep('log'), error: keep('error'), warn: keep('warn') },
    });
  }

  static async start(options: Elma365ModuleHostOptions): Promise<Elma365ModuleHost> {
    const host = new Elma365ModuleHost(options);
    host.http = await LoopbackHttpServer.start((req, res) => host.handle(req, res));
    return host;
  }

  get url(): string {
    return `http://127.0.0.1:${this.http.port}/webhook`;
  }

  get events(): HostedVoipValue[] {
    return this.exchanges.flatMap((e) => (e.event === undefined ? [] : [e.event]));
  }

  get callRecords(): HostedVoipValue[] {
    return this.exchanges.flatMap((e) => (e.callRecord === undefined ? [] : [e.callRecord]));
  }

  /** Exchanges answered 4xx/5xx or where the script threw. */
  get refusals(): HostedExchange[] {
    return this.exchanges.filter((e) => e.status >= 400 || e.thrown !== undefined);
  }

  async close(): Promise<void> {
    await this.http.refuse();
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    // A body cut off by the client is no request: nothing to run or answer.
    void readBody(req).then(
      (body) => this.receive(req, res, body),
      () => undefined,
    );
  }

  private async receive(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const request: HostedFetchRequest = { method: req.method ?? '', headers: flattenHeaders(req.headers), body };
    const { status, content } = await this.answer(req.url ?? '', request);
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(content);
  }

  private async answer(path: string, request: HostedFetchRequest): Promise<{ status: number; content: string }> {
    const base = { receivedAtMs: Date.now(), path, headerNames: Object.keys(request.headers).sort() };
    let exchange: HostedExchange;
    try {
      const result = await this.module.VoipParseWebhookRequest(request);
      const sent = result.response === undefined ? undefined : sentAnswer(result.response);
      exchange = {
        ...base,
        status: sent?.status ?? 200,
        content: sent?.content ?? '',
        ...(result.event === undefined ? {} : { event: result.event }),
        ...(result.callRecord === undefined ? {} : { callRecord: result.callRecord }),
      };
    } catch (error) {
      const thrown = error instanceof Error ? (error.stack ?? error.message) : String(error);
      exchange = { ...base, status: 500, content: thrown, thrown };
    }
    this.exchanges.push(exchange);
    return exchange;
  }
}
