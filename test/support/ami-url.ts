import type { AmiTestServer } from '@app/testing';

/** AMI_URL for a test server under the given PBX id. */
export function amiUrlOf(server: AmiTestServer, pbxId = 'office'): string {
  return `ami://${server.username}:${encodeURIComponent(server.secret)}@127.0.0.1:${server.port}/${pbxId}`;
}
