/** A recording inside the recordings directory, checked and ready to stream. */
export interface RecordingFile {
  /** the real path (symlinks resolved), inside the recordings directory */
  readonly path: string;
  readonly size: number;
  readonly contentType: string;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.gsm': 'audio/x-gsm',
  '.ogg': 'audio/ogg',
};

export function contentTypeOf(extension: string): string {
  return CONTENT_TYPES[extension.toLowerCase()] ?? 'application/octet-stream';
}
