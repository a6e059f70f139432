import { Gauge, type Registry } from 'prom-client';
import type { AmiSessions } from './ami-session-view';

/** Ingest's view of each PBX, read when Prometheus scrapes: connection, event count, calls in progress, gap-fill. */
export function registerAmiSessionGauges(registry: Registry, sessions: AmiSessions): void {
  new Gauge({
    name: 'connector_ami_connected',
    help: "1 while ingest's AMI session to the PBX is logged in",
    labelNames: ['pbx'],
    registers: [registry],
    collect() {
      for (const s of sessions()) this.set({ pbx: s.pbx.pbxId }, s.connected ? 1 : 0);
    },
  });
  new Gauge({
    name: 'connector_ami_events',
    help: 'AMI events received by ingest per PBX since start (rate() gives events/s)',
    labelNames: ['pbx'],
    registers: [registry],
    collect() {
      for (const s of sessions()) this.set({ pbx: s.pbx.pbxId }, s.eventCount);
    },
  });
  new Gauge({
    name: 'connector_live_calls',
    help: 'Calls in progress per PBX',
    labelNames: ['pbx'],
    registers: [registry],
    collect() {
      for (const s of sessions()) this.set({ pbx: s.pbx.pbxId }, s.liveCalls);
    },
  });
  new Gauge({
    name: 'connector_gapfill_recovered_calls',
    help: "Calls gap-fill recovered from the PBX's CDR since start (increase() gives recoveries per period)",
    labelNames: ['pbx'],
    registers: [registry],
    collect() {
      for (const s of sessions()) this.set({ pbx: s.pbx.pbxId }, s.callsRecovered);
    },
  });
}
