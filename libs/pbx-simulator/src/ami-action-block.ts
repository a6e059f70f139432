import {
  type AmiBlockFields,
  type AmiBlockHeaders,
  type AmiClientBlock,
  amiHeaderPairs,
  formatAmiBlock,
  headerValue,
} from './ami-wire';

/** What an answer needs of the action it answers: its ActionID, echoed. */
export interface AmiActionRef {
  readonly actionId: string | undefined;
}

/** An action a client sent, as a session received it. */
export interface AmiActionBlock extends AmiActionRef {
  /** the `Action:` value as sent ('' without one) */
  readonly name: string;
  readonly headers: AmiBlockHeaders;
  /** the exact bytes of the block, blank line included */
  readonly raw: Buffer;
}

export function amiActionBlock(block: AmiClientBlock): AmiActionBlock {
  return {
    name: headerValue(block.headers, 'Action') ?? '',
    actionId: headerValue(block.headers, 'ActionID'),
    headers: block.headers,
    raw: block.raw,
  };
}

/** `Response: <response>`, the action's ActionID when it sent one (as Asterisk echoes it), then `fields`. */
export function formatAmiResponse(to: AmiActionRef, response: string, fields: AmiBlockFields = []): string {
  const actionId: AmiBlockHeaders = to.actionId ? [['ActionID', to.actionId]] : [];
  return formatAmiBlock([['Response', response], ...actionId, ...amiHeaderPairs(fields)]);
}
