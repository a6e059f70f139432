import { AmiClientError, AmiClientErrorCode } from './ami-client.exception';
import { AmiMessage } from './ami-message';

export interface AmiActionListResult {
  /** the action's `Response: Success` (`EventList: start`) */
  readonly response: AmiMessage;
  /** the list events, in order, without the closing one */
  readonly items: AmiMessage[];
  /** the closing event (e.g. CoreShowChannelsComplete with ListItems), if the list had one */
  readonly complete?: AmiMessage;
}

export type AmiActionOutcome = ({ ok: true } & AmiActionListResult) | { ok: false; error: AmiClientError };

export interface AmiPendingSpec {
  readonly actionId: string;
  readonly action: string;
  readonly timeoutMs: number;
  /** collect the events carrying this ActionID until the list ends */
  readonly list: boolean;
  /** name of the closing event, when it does not say `EventList: Complete` */
  readonly completeEvent?: string;
  /** each list item as it is read, in wire order with the live events around it */
  readonly onItem?: (item: AmiMessage) => void;
  /** called exactly once, synchronously from the read path or a timer */
  readonly settle: (outcome: AmiActionOutcome) => void;
}

interface Entry extends AmiPendingSpec {
  readonly timer: NodeJS.Timeout;
  readonly items: AmiMessage[];
  response?: AmiMessage;
  complete?: AmiMessage;
}

/** Actions sent on the current connection and waiting for their answer, by ActionID. */
export class AmiPendingActions {
  private readonly entries = new Map<string, Entry>();

  get size(): number {
    return this.entries.size;
  }

  has(actionId: string): boolean {
    return this.entries.has(actionId);
  }

  add(spec: AmiPendingSpec): void {
    const timer = setTimeout(() => {
      const entry = this.entries.get(spec.actionId);
      if (!entry) return;
      const error = new AmiClientError(
        AmiClientErrorCode.ActionTimeout,
        `AMI ${spec.action} got no ${spec.list && entry.response ? 'end of list' : 'response'} within ${spec.timeoutMs} ms`,
        { action: spec.action, actionId: spec.actionId },
      );
      this.finish(entry, { ok: false, error });
    }, spec.timeoutMs);
    this.entries.set(spec.actionId, { ...spec, timer, items: [] });
  }

  /** A block with `Response:` and no `Event:`; true when it answered a pending action. */
  onResponse(message: AmiMessage): boolean {
    const entry = this.lookup(message);
    if (!entry) return false;
    if (message.get('Response')?.toLowerCase() === 'error') {
      const text = message.get('Message') ?? 'Response: Error';
      const error = new AmiClientError(AmiClientErrorCode.ActionFailed, `AMI ${entry.action} failed: ${text}`, {
        action: entry.action,
        actionId: entry.actionId,
        response: message,
      });
      this.finish(entry, { ok: false, error });
      return true;
    }
    entry.response = message;
    const waitsForItems =
      entry.list &&
      entry.complete === undefined &&
      (message.get('EventList')?.toLowerCase() === 'start' || entry.completeEvent !== undefined);
    if (!waitsForItems)
      this.finish(entry, { ok: true, response: message, items: entry.items, complete: entry.complete });
    return true;
  }

  /** An event; true when it belongs to a pending list (an item or its end), so it is no live event. */
  onEvent(message: AmiMessage): boolean {
    const entry = this.lookup(message);
    if (!entry || !entry.list) return false;
    const name = message.event?.toLowerCase();
    const ends =
      message.get('EventList')?.toLowerCase() === 'complete' ||
      (entry.completeEvent !== undefined && name === entry.completeEvent.toLowerCase());
    if (!ends) {
      entry.items.push(message);
      this.deliverItem(entry, message);
    } else if (entry.response) {
      this.finish(entry, { ok: true, response: entry.response, items: entry.items, complete: message });
    } else {
      entry.complete = message;
    }
    return true;
  }

  /** Settles every pending action with the error made for it. */
  rejectAll(errorFor: (action: string, actionId: string) => AmiClientError): void {
    for (const entry of [...this.entries.values()]) {
      this.finish(entry, { ok: false, error: errorFor(entry.action, entry.actionId) });
    }
  }

  /** A failing onItem fails its list, not the reader: the next events still reach everyone else. */
  private deliverItem(entry: Entry, item: AmiMessage): void {
    if (!entry.onItem) return;
    try {
      entry.onItem(item);
    } catch (cause) {
      const error = new AmiClientError(
        AmiClientErrorCode.ActionFailed,
        `AMI ${entry.action}: the list item handler failed: ${(cause as Error).message}`,
        { action: entry.action, actionId: entry.actionId },
      );
      this.finish(entry, { ok: false, error });
    }
  }

  private lookup(message: AmiMessage): Entry | undefined {
    const id = message.actionId;
    return id === undefined ? undefined : this.entries.get(id);
  }

  private finish(entry: Entry, outcome: AmiActionOutcome): void {
    clearTimeout(entry.timer);
    this.entries.delete(entry.actionId);
    entry.settle(outcome);
  }
}
