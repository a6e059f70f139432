import { open } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { parseByteRange } from './byte-range';
import type { RecordingFile } from './recording-file';
import { RecordingNotFoundException, RecordingRangeNotSatisfiableException } from './recordings.exception';

/** Sends the file, or the one byte range asked for; shared by the API-key route and the signed link. */
export async function streamRecording(
  file: RecordingFile,
  rangeHeader: string | undefined,
  res: ServerResponse,
): Promise<void> {
  const range = parseByteRange(rangeHeader, file.size);
  res.setHeader('Accept-Ranges', 'bytes');
  if (range === 'unsatisfiable') {
    res.setHeader('Content-Range', `bytes */${file.size}`);
    throw new RecordingRangeNotSatisfiableException();
  }
  // Opened before any header is sent: a file removed since it was checked is still a clean 404.
  const handle = await open(file.path, 'r').catch(() => {
    throw new RecordingNotFoundException();
  });
  try {
    const { start, end } = range ?? { start: 0, end: file.size - 1 };
    res.statusCode = range ? 206 : 200;
    res.setHeader('Content-Type', file.contentType);
    // A browser must play it as the audio it is, never guess HTML from its bytes.
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Length', String(end - start + 1));
    res.setHeader('Cache-Control', 'private, no-store');
    if (range) res.setHeader('Content-Range', `bytes ${start}-${end}/${file.size}`);
    if (end < start) {
      res.end();
      return;
    }
    // A listener that hangs up mid-file (seeking in a player) is normal, not an error.
    await pipeline(handle.createReadStream({ start, end, autoClose: false }), res).catch(() => res.destroy());
  } finally {
    await handle.close();
  }
}
