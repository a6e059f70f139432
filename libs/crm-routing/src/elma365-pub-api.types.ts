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
