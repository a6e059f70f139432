export enum GapFillErrorCode {
  /** the CDR file exists but cannot be read (permissions, a directory, an I/O error) */
  CdrFileUnreadable = 'GAPFILL_CDR_FILE_UNREADABLE',
  /** a line whose width is not cdr_csv's with loguniqueid, loguserfield and newcdrcolumns on */
  UnexpectedColumns = 'GAPFILL_UNEXPECTED_COLUMNS',
  /** a time that is not `YYYY-MM-DD HH:MM:SS`, or a count that is not a number */
  BadValue = 'GAPFILL_BAD_VALUE',
}

/** The CDR file as a whole could not be read; nothing was recovered and the checkpoint did not move. */
export class GapFillException extends Error {
  constructor(
    readonly code: GapFillErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GapFillException';
  }
}

/** A line of the CDR file that was skipped, with why; the rest of the file is still used. */
export interface CdrLineProblem {
  readonly code: GapFillErrorCode.UnexpectedColumns | GapFillErrorCode.BadValue;
  /** byte offset of the line in the file */
  readonly offset: number;
  readonly message: string;
}
