import type { GenericSyncTrigger } from './generic-mode.settings';

/** What one syncEvent did, for logs and tests. */
export interface GenericSyncResult {
  readonly callId: string;
  /** null: the event is not one generic mode handles (or not among `events`), nothing was sent */
  readonly trigger: GenericSyncTrigger | null;
  /** set when the contact was looked up (the item was created, or the process started) and found or made */
  readonly contact: { readonly id: string; readonly created: boolean } | null;
  readonly item: {
    readonly id: string;
    readonly created: boolean;
    /** the fields an update wrote; empty when nothing was updated */
    readonly updatedFields: readonly string[];
  } | null;
  readonly processStarted: boolean;
}
