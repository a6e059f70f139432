import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const PACKAGE_NAME = 'asterisk-elma365-connector';

/** The connector's version from its package.json, found upwards from here (sources and dist/ alike). */
export function connectorVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === PACKAGE_NAME && typeof manifest.version === 'string') return manifest.version;
    }
    if (path.dirname(dir) === dir) throw new Error(`package.json of ${PACKAGE_NAME} not found above ${__dirname}`);
  }
}
