/**
 * The part of the ELMA365 server-script SDK the telephony module uses, declared as the public SDK reference documents
 * it (docs/elma365-contract.md §4) so the scripts type-check in this repo; ELMA365
 * declares the real ones and this file is never pasted. What the reference leaves open is typed so the compiler makes the scripts check it.
 */

/** The request ELMA365 hands to `VoipParseWebhookRequest`; the SDK's own example still guards a non-string body. */
interface FetchRequest {
  method: string;
  headers: Readonly<Record<string, string>>;
  body: string;
}

/** Built with `new HttpResponse().status(400).content('…')`: the reference shows no other method. */
declare class HttpResponse {
  status(code: number): HttpResponse;
  content(body: string): HttpResponse;
}

// ELMA365's global enums. Their string values are not published (only VoipCallDirection's on the international
// edition), so each is a branded string: a value can only come from the enum at run time (sdk-enums.ts).
type VoipWebhookEvent = string & { readonly __elma365Enum: 'VoipWebhookEvent' };
type VoipCallDirection = string & { readonly __elma365Enum: 'VoipCallDirection' };
type VoipCallDisposition = string & { readonly __elma365Enum: 'VoipCallDisposition' };

declare const VoipWebhookEvent: {
  readonly NotifyStart: VoipWebhookEvent;
  readonly NotifyAnswer: VoipWebhookEvent;
  readonly NotifyEnd: VoipWebhookEvent;
};
declare const VoipCallDirection: {
  readonly In: VoipCallDirection;
  readonly Out: VoipCallDirection;
  readonly Internal: VoipCallDirection;
};
declare const VoipCallDisposition: {
  readonly Answered: VoipCallDisposition;
  readonly Busy: VoipCallDisposition;
  readonly Cancel: VoipCallDisposition;
  readonly NoAnswer: VoipCallDisposition;
  readonly Unknown: VoipCallDisposition;
};

/** Drives the call card and the Звонки item. */
interface VoipWebhookRequest {
  event: VoipWebhookEvent;
  direction: VoipCallDirection;
  srcPhone: string;
  dstPhone: string;
  srcPhoneExt?: string;
  dstPhoneExt?: string;
  disposition: VoipCallDisposition;
  callId?: string;
}

/** The finished call; `call` is stored by ELMA365 and handed back to `VoipGetCallLink`. */
interface VoipCallRecord {
  srcPhone: string;
  dstPhone: string;
  srcPhoneExt?: string;
  dstPhoneExt?: string;
  direction: VoipCallDirection;
  disposition: VoipCallDisposition;
  duration: number;
  callId?: string;
  call: unknown;
}

interface VoipWebhookParseResult {
  event?: VoipWebhookRequest;
  callRecord?: VoipCallRecord;
  response?: HttpResponse;
}

interface VoipMember {
  id: string;
  label: string;
}

interface VoipTestConnectionResult {
  success: boolean;
  failReason?: string;
}

/** The module's own settings fields (Настройки модуля); empty until the admin fills them in. */
interface Elma365TelephonyModuleSettings {
  connectorUrl?: string;
  apiKey?: string;
  webhookToken?: string;
  /** `signature` (the default when empty), `token` or `url` */
  verificationMode?: string;
}

declare const Namespace: { params: { data: Elma365TelephonyModuleSettings } };
