import { realpath, stat } from 'node:fs/promises';
import { basename, extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { contentTypeOf, type RecordingFile } from './recording-file';

/** Where MixMonitor writes inside the Asterisk container; the connector may see the same files mounted elsewhere. */
const ASTERISK_MONITOR_DIR = '/var/spool/asterisk/monitor';

/**
 * Finds a call's stored recording path inside RECORDINGS_DIR. Only the part below the recordings directory is
 * used, and the real path (symlinks resolved) must stay inside it, and not be a hard link: anything else is
 * "not found".
 */
@Injectable()
export class RecordingFileResolver {
  constructor(private readonly config: AppConfig) {}

  async resolve(storedPath: string): Promise<RecordingFile | null> {
    const dir = resolve(this.config.recordings.dir);
    const candidate = resolve(dir, this.relativePart(storedPath, dir));
    if (!isInside(candidate, dir)) return null;
    try {
      const [realDir, realFile] = await Promise.all([realpath(dir), realpath(candidate)]);
      if (!isInside(realFile, realDir)) return null;
      const stats = await stat(realFile);
      // MixMonitor writes each file once; a second name for it is a hard link someone made to a file outside.
      if (!stats.isFile() || stats.nlink > 1) return null;
      return { path: realFile, size: stats.size, contentType: contentTypeOf(extname(realFile)) };
    } catch {
      return null;
    }
  }

  private relativePart(storedPath: string, dir: string): string {
    if (!isAbsolute(storedPath)) return storedPath;
    for (const root of [dir, ASTERISK_MONITOR_DIR]) {
      const part = relative(root, storedPath);
      if (part !== '' && !part.startsWith('..') && !isAbsolute(part)) return part;
    }
    return basename(storedPath);
  }
}

function isInside(path: string, dir: string): boolean {
  return path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}
