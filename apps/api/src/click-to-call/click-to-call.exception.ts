import { HttpStatus } from '@nestjs/common';
import { ApiException } from '../common/api-error';
import { ApiExceptionWithHeaders } from '../common/api-exception-with-headers';

export enum ClickToCallErrorCode {
  NumberNotAllowed = 'CLICK_TO_CALL_NUMBER_NOT_ALLOWED',
  RateLimited = 'CLICK_TO_CALL_RATE_LIMITED',
  PbxNotFound = 'CLICK_TO_CALL_PBX_NOT_FOUND',
  ExtensionNotFound = 'CLICK_TO_CALL_EXTENSION_NOT_FOUND',
  PbxUnavailable = 'CLICK_TO_CALL_PBX_UNAVAILABLE',
  OriginateRejected = 'CLICK_TO_CALL_ORIGINATE_REJECTED',
  /** sent, but Asterisk's answer never came: the phone may ring, so the caller must not simply retry */
  OriginateUnconfirmed = 'CLICK_TO_CALL_ORIGINATE_UNCONFIRMED',
}

const STATUS: Readonly<Record<ClickToCallErrorCode, HttpStatus>> = {
  [ClickToCallErrorCode.NumberNotAllowed]: HttpStatus.FORBIDDEN,
  [ClickToCallErrorCode.RateLimited]: HttpStatus.TOO_MANY_REQUESTS,
  [ClickToCallErrorCode.PbxNotFound]: HttpStatus.NOT_FOUND,
  [ClickToCallErrorCode.ExtensionNotFound]: HttpStatus.NOT_FOUND,
  [ClickToCallErrorCode.PbxUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
  [ClickToCallErrorCode.OriginateRejected]: HttpStatus.BAD_GATEWAY,
  [ClickToCallErrorCode.OriginateUnconfirmed]: HttpStatus.GATEWAY_TIMEOUT,
};

export class ClickToCallException extends ApiException {
  constructor(
    readonly code: ClickToCallErrorCode,
    message: string,
    field?: string,
  ) {
    super(STATUS[code], code, message, field === undefined ? undefined : [{ field, reason: message }]);
  }

  static numberNotAllowed(reason: string): ClickToCallException {
    return new ClickToCallException(ClickToCallErrorCode.NumberNotAllowed, reason, 'phone');
  }

  static pbxNotFound(pbxId: string): ClickToCallException {
    return new ClickToCallException(ClickToCallErrorCode.PbxNotFound, `No PBX "${pbxId}" is configured`, 'pbxId');
  }

  static extensionNotFound(extension: string, pbxId: string): ClickToCallException {
    return new ClickToCallException(
      ClickToCallErrorCode.ExtensionNotFound,
      `Extension ${extension} is not an internal extension of PBX "${pbxId}"`,
      'extension',
    );
  }

  static pbxUnavailable(pbxId: string | undefined, reason: string): ClickToCallException {
    const which = pbxId === undefined ? 'No PBX is configured' : `PBX "${pbxId}" is unavailable`;
    return new ClickToCallException(ClickToCallErrorCode.PbxUnavailable, `${which}: ${reason}`);
  }

  static originateRejected(asteriskMessage: string): ClickToCallException {
    return new ClickToCallException(
      ClickToCallErrorCode.OriginateRejected,
      `Asterisk rejected the Originate: ${asteriskMessage}`,
    );
  }

  static originateUnconfirmed(callId: string, reason: string): ClickToCallException {
    return new ClickToCallException(
      ClickToCallErrorCode.OriginateUnconfirmed,
      `The Originate of ${callId} was sent but not confirmed (${reason}); the phone may still ring, do not retry blindly`,
    );
  }
}

export class ClickToCallRateLimitedException extends ApiExceptionWithHeaders {
  readonly code = ClickToCallErrorCode.RateLimited;

  constructor(limitPerMinute: number, retryAfterSeconds: number) {
    super(
      STATUS[ClickToCallErrorCode.RateLimited],
      ClickToCallErrorCode.RateLimited,
      `More than ${limitPerMinute} click-to-call requests per minute; retry in ${retryAfterSeconds} s`,
      { 'Retry-After': String(retryAfterSeconds) },
    );
  }
}
