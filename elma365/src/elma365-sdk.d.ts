/**
 * The part of the ELMA365 server-script SDK the telephony module uses, declared locally so the scripts type-check in
 * this repo (ELMA365 declares the real ones; this file is never pasted). Names and shapes follow
 * /work/shared/elma365/CONTRACT.md; what the contract leaves open is typed as loosely as the scripts can afford.
 */

/** The request ELMA365 hands to `VoipParseWebhookRequest`: the body is the raw string that was signed. */
interface FetchRequest {
  body?: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  method?: string;
  url?: string;
}

/** Built with `new HttpResponse().status(400).json({ error })`. */
declare class HttpResponse {
  status(code: number): HttpResponse;
  json(body: unknown): HttpResponse;
  content(body: string, contentType?: string): HttpResponse;
}

type VoipEventType = 'NotifyStart' | 'NotifyAnswer' | 'NotifyEnd';
type VoipCallDirection = 'in' | 'out' | 'internal';
type VoipCallDisposition = 'Answered' | 'Busy' | 'Cancel' | 'NoAnswer' | 'Unknown';

/** Drives the call card and the Звонки item. */
interface VoipWebhookRequest {
  event: VoipEventType;
  direction: VoipCallDirection;
  srcPhone: string;
  dstPhone: string;
  srcPhoneExt?: string;
  dstPhoneExt?: string;
  disposition?: VoipCallDisposition;
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
}

declare const Namespace: { params: { data: Elma365TelephonyModuleSettings } };
