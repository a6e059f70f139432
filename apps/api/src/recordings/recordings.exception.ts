import { HttpStatus } from '@nestjs/common';
import { ApiException } from '../common/api-error';

export enum RecordingErrorCode {
  RecordingNotFound = 'RECORDING_NOT_FOUND',
  RangeNotSatisfiable = 'RECORDING_RANGE_NOT_SATISFIABLE',
  LinksDisabled = 'RECORDING_LINKS_DISABLED',
  LinkInvalid = 'RECORDING_LINK_INVALID',
  LinkExpired = 'RECORDING_LINK_EXPIRED',
}

/** Also for a path that escapes the recordings directory: where files live is never revealed. */
export class RecordingNotFoundException extends ApiException {
  constructor() {
    super(HttpStatus.NOT_FOUND, RecordingErrorCode.RecordingNotFound, 'This call has no recording');
  }
}

export class RecordingRangeNotSatisfiableException extends ApiException {
  constructor() {
    super(
      HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
      RecordingErrorCode.RangeNotSatisfiable,
      'The requested range is outside the recording',
    );
  }
}

export class RecordingLinksDisabledException extends ApiException {
  constructor() {
    super(
      HttpStatus.SERVICE_UNAVAILABLE,
      RecordingErrorCode.LinksDisabled,
      'Recording links are off: RECORDING_LINK_SECRET is not set',
    );
  }
}

export class RecordingLinkInvalidException extends ApiException {
  constructor() {
    super(HttpStatus.FORBIDDEN, RecordingErrorCode.LinkInvalid, 'The recording link is not valid');
  }
}

export class RecordingLinkExpiredException extends ApiException {
  constructor() {
    super(HttpStatus.FORBIDDEN, RecordingErrorCode.LinkExpired, 'The recording link has expired');
  }
}
