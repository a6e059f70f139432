// ELMA365's server-script SDK as its public reference documents it (CONTRACT.md §4), for running the telephony
// module outside ELMA365. The enum values are arbitrary and differ from the member names on purpose: ELMA365 does
// not publish them, so a module that spells a value itself instead of reading the enum fails against this stand-in.

export const STAND_IN_VOIP_WEBHOOK_EVENT = Object.freeze({
  NotifyStart: 'evt-start-7',
  NotifyAnswer: 'evt-answer-3',
  NotifyEnd: 'evt-end-9',
});

export const STAND_IN_VOIP_CALL_DIRECTION = Object.freeze({
  In: 'dir-in-1',
  Out: 'dir-out-2',
  Internal: 'dir-internal-4',
});

export const STAND_IN_VOIP_CALL_DISPOSITION = Object.freeze({
  Answered: 'disp-answered-5',
  Busy: 'disp-busy-6',
  Cancel: 'disp-cancel-8',
  NoAnswer: 'disp-no-answer-0',
  Unknown: 'disp-unknown-2',
});

interface SentAnswer {
  status: number | undefined;
  content: string | undefined;
}

/** `new HttpResponse().status(n).content(text)`: no json(), content() takes exactly one string. */
export class StandInHttpResponse {
  // A private field, so that a script sees nothing of an HttpResponse but the documented status() and content().
  readonly #answer: SentAnswer = { status: undefined, content: undefined };

  /** What a script put into `response`; throws for anything but a StandInHttpResponse. */
  static answerOf(response: unknown): SentAnswer {
    if (typeof response !== 'object' || response === null || !(#answer in response)) {
      throw new TypeError('not a StandInHttpResponse');
    }
    return (response as StandInHttpResponse).#answer;
  }

  status(code: number): this {
    if (!Number.isInteger(code) || code < 100 || code > 599) {
      throw new TypeError(`HttpResponse.status: ${String(code)} is no HTTP status`);
    }
    this.#answer.status = code;
    return this;
  }

  content(...args: unknown[]): this {
    if (args.length !== 1 || typeof args[0] !== 'string') {
      throw new TypeError(`HttpResponse.content takes one string, got ${args.map((a) => typeof a).join(', ')}`);
    }
    this.#answer.content = args[0];
    return this;
  }
}

/** What a script put into a `StandInHttpResponse`; throws for anything else. */
export function sentAnswer(response: unknown): Readonly<SentAnswer> {
  return StandInHttpResponse.answerOf(response);
}

/** The content parsed as JSON (the module answers JSON text). */
export function sentJson(response: unknown): unknown {
  const { content } = sentAnswer(response);
  if (content === undefined) throw new TypeError('the HttpResponse has no content');
  return JSON.parse(content) as unknown;
}

export interface StandInSdkGlobals {
  HttpResponse: typeof StandInHttpResponse;
  VoipWebhookEvent: typeof STAND_IN_VOIP_WEBHOOK_EVENT;
  VoipCallDirection: typeof STAND_IN_VOIP_CALL_DIRECTION;
  VoipCallDisposition: typeof STAND_IN_VOIP_CALL_DISPOSITION;
}

export function standInSdkGlobals(): StandInSdkGlobals {
  return {
    HttpResponse: StandInHttpResponse,
    VoipWebhookEvent: STAND_IN_VOIP_WEBHOOK_EVENT,
    VoipCallDirection: STAND_IN_VOIP_CALL_DIRECTION,
    VoipCallDisposition: STAND_IN_VOIP_CALL_DISPOSITION,
  };
}
