import { readFileSync } from 'node:fs';
import { replayTranscript } from '@app/calls';
import { AppConfig, loadProcessConfig } from '@app/config';
import { parseReplayArgs } from './replay-args';

/** stdout carries JSON lines only; everything else goes to stderr. */
function main(argv: readonly string[]): number {
  let args;
  try {
    args = parseReplayArgs(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  let config: AppConfig;
  try {
    // The tracker reads the same INTERNAL_EXTENSION_PATTERN, TRUNK_ENDPOINT_PATTERN and PHONE_DEFAULT_REGION as the service.
    config = loadProcessConfig();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(args.file);
  } catch (error) {
    process.stderr.write(`cannot read ${args.file}: ${(error as Error).message}\n`);
    return 1;
  }
  const lines: string[] = [];
  const left = replayTranscript(
    bytes,
    args.chunkSize ?? Math.max(bytes.length, 1),
    {
      pbxId: args.pbxId,
      internalExtensionPattern: config.endpoints.internalExtensionPattern,
      trunkEndpointPattern: config.endpoints.trunkEndpointPattern ?? undefined,
      defaultRegion: config.phone.defaultRegion,
    },
    {
      onCallEvent: (event) => {
        if (event.type === 'call.finished') lines.push(JSON.stringify(event.record));
        else if (args.events) lines.push(JSON.stringify(event));
      },
      onProtocolError: (error) => process.stderr.write(`skipped: ${error.code} ${error.message}\n`),
    },
  );
  if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
  if (left.calls.size > 0)
    process.stderr.write(`${left.calls.size} call(s) still in progress when the transcript ends\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
