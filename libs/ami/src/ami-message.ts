export type AmiHeader = readonly [name: string, value: string];

/**
 * One AMI block: headers in wire order with repeated names kept
 * (ChanVariable, Output, DestChanVariable, ...). Lookups ignore case because
 * Asterisk itself is inconsistent (Status says BridgeID, CoreShowChannel BridgeId).
 */
export class AmiMessage {
  private index: Map<string, number> | undefined;

  constructor(readonly headers: readonly AmiHeader[]) {}

  static of(fields: Record<string, string | readonly string[]>): AmiMessage {
    const headers: AmiHeader[] = [];
    for (const [name, value] of Object.entries(fields)) {
      for (const v of typeof value === 'string' ? [value] : value) headers.push([name, v]);
    }
    return new AmiMessage(headers);
  }

  get(name: string): string | undefined {
    const at = this.lookup().get(name.toLowerCase());
    return at === undefined ? undefined : this.headers[at][1];
  }

  getAll(name: string): string[] {
    const key = name.toLowerCase();
    const values: string[] = [];
    for (const [n, v] of this.headers) if (n.toLowerCase() === key) values.push(v);
    return values;
  }

  has(name: string): boolean {
    return this.lookup().has(name.toLowerCase());
  }

  /** `Event:` value; OriginateResponse is an event even though it carries Response and ActionID. */
  get event(): string | undefined {
    return this.get('Event');
  }

  get response(): string | undefined {
    return this.event === undefined ? this.get('Response') : undefined;
  }

  get actionId(): string | undefined {
    return this.get('ActionID');
  }

  /** `ChanVariable: NAME=value` and `ChanVariable(PJSIP/1001-0013): NAME=value` alike. */
  channelVariables(prefix = 'ChanVariable'): Record<string, string> {
    const vars: Record<string, string> = {};
    const lower = prefix.toLowerCase();
    for (const [name, value] of this.headers) {
      const n = name.toLowerCase();
      if (n !== lower && !(n.startsWith(lower) && n.charCodeAt(lower.length) === 40 /* ( */)) continue;
      const eq = value.indexOf('=');
      if (eq > 0) vars[value.slice(0, eq)] = value.slice(eq + 1);
    }
    return vars;
  }

  toObject(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const [name, value] of this.headers) {
      const prev = out[name];
      if (prev === undefined) out[name] = value;
      else if (Array.isArray(prev)) prev.push(value);
      else out[name] = [prev, value];
    }
    return out;
  }

  private lookup(): Map<string, number> {
    if (this.index) return this.index;
    const index = new Map<string, number>();
    this.headers.forEach(([name], i) => {
      const key = name.toLowerCase();
      if (!index.has(key)) index.set(key, i);
    });
    this.index = index;
    return index;
  }
}
