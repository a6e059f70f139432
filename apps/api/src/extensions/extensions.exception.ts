import { HttpStatus } from '@nestjs/common';
import { ApiException } from '../common/api-error';

export enum ExtensionsErrorCode {
  PbxNotFound = 'EXTENSIONS_PBX_NOT_FOUND',
  PbxUnavailable = 'EXTENSIONS_PBX_UNAVAILABLE',
}

export class ExtensionsException extends ApiException {
  constructor(
    readonly code: ExtensionsErrorCode,
    message: string,
  ) {
    super(statusOf(code), code, message);
  }

  static pbxNotFound(pbxId: string): ExtensionsException {
    return new ExtensionsException(ExtensionsErrorCode.PbxNotFound, `No PBX "${pbxId}" is configured`);
  }

  static pbxUnavailable(pbxId: string | undefined, reason: string): ExtensionsException {
    const which = pbxId === undefined ? 'No PBX is configured' : `PBX "${pbxId}" is unavailable`;
    return new ExtensionsException(ExtensionsErrorCode.PbxUnavailable, `${which}: ${reason}`);
  }
}

function statusOf(code: ExtensionsErrorCode): HttpStatus {
  return code === ExtensionsErrorCode.PbxNotFound ? HttpStatus.NOT_FOUND : HttpStatus.SERVICE_UNAVAILABLE;
}
