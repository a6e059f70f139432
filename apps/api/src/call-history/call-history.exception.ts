import { HttpStatus } from '@nestjs/common';
import { ApiException } from '../common/api-error';

export enum CallHistoryErrorCode {
  CallNotFound = 'CALL_NOT_FOUND',
  InvalidCursor = 'CALL_HISTORY_INVALID_CURSOR',
}

export class CallNotFoundException extends ApiException {
  constructor() {
    super(HttpStatus.NOT_FOUND, CallHistoryErrorCode.CallNotFound, 'No call with this id');
  }
}

export class InvalidCursorException extends ApiException {
  constructor() {
    super(HttpStatus.BAD_REQUEST, CallHistoryErrorCode.InvalidCursor, 'The cursor is not one this API issued', [
      { field: 'cursor', reason: 'must be a nextCursor returned by GET /api/v1/calls' },
    ]);
  }
}
