export enum AmiProtocolErrorCode {
  LineTooLong = 'AMI_LINE_TOO_LONG',
  MessageTooLong = 'AMI_MESSAGE_TOO_LONG',
  MalformedLine = 'AMI_MALFORMED_LINE',
}

/** A frame the parser skipped; the reader logs it and goes on. */
export class AmiProtocolError extends Error {
  constructor(
    readonly code: AmiProtocolErrorCode,
    message: string,
    /** the first bytes of what was skipped, for the log line */
    readonly sample = '',
  ) {
    super(message);
    this.name = 'AmiProtocolError';
  }
}
