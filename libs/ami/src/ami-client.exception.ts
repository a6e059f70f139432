import { AmiMessage } from './ami-message';

export enum AmiClientErrorCode {
  /** action() while not logged in: actions are never queued across a reconnect */
  NotConnected = 'AMI_NOT_CONNECTED',
  ActionTimeout = 'AMI_ACTION_TIMEOUT',
  /** waitForEvent() saw no matching event in time */
  EventTimeout = 'AMI_EVENT_TIMEOUT',
  /** Asterisk answered `Response: Error`; the message is Asterisk's `Message:` */
  ActionFailed = 'AMI_ACTION_FAILED',
  /** the connection was lost while the action was pending; it is not re-sent */
  Disconnected = 'AMI_DISCONNECTED',
  Stopped = 'AMI_STOPPED',
  LoginFailed = 'AMI_LOGIN_FAILED',
  ConnectFailed = 'AMI_CONNECT_FAILED',
  ConnectTimeout = 'AMI_CONNECT_TIMEOUT',
  InvalidAction = 'AMI_INVALID_ACTION',
  DuplicateActionId = 'AMI_DUPLICATE_ACTION_ID',
}

export interface AmiClientErrorDetails {
  readonly action?: string;
  readonly actionId?: string;
  /** the `Response: Error` block, for ActionFailed */
  readonly response?: AmiMessage;
  readonly cause?: unknown;
}

export class AmiClientError extends Error {
  readonly action?: string;
  readonly actionId?: string;
  readonly response?: AmiMessage;

  constructor(
    readonly code: AmiClientErrorCode,
    message: string,
    details: AmiClientErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'AmiClientError';
    this.action = details.action;
    this.actionId = details.actionId;
    this.response = details.response;
  }
}
