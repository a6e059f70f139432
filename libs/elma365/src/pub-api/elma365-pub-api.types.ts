/** An app item or a user as `/pub/v1` returns it: field codes to values, `__id` and `__name` among them. */
export type Elma365Item = Readonly<Record<string, unknown>>;

export interface VoipBinding {
  readonly extension: string;
  readonly userId: string;
}

export interface Elma365ListRequest {
  readonly active?: boolean;
  readonly filter?: Readonly<Record<string, unknown>>;
  readonly from: number;
  readonly size: number;
  readonly sortExpressions?: readonly { readonly field: string; readonly ascending: boolean }[];
}

export interface Elma365ListPage {
  readonly items: readonly Elma365Item[];
  readonly total: number | null;
}

/** The `context` of a create, an update or a process start: field codes to values in ELMA365's formats. */
export type Elma365Context = Readonly<Record<string, unknown>>;

/** What a process start answered: the process instance id when ELMA365 sent one. */
export interface Elma365ProcessRun {
  readonly instanceId: string | null;
}
