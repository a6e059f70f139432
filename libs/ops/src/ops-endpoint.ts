import type { Registry } from 'prom-client';
import type { ReadinessCheck } from './readiness-check';

/**
 * What one process's ops endpoint reports; the injection token OpsHttpModule's factory provides. An abstract class
 * rather than an interface so that it can be the token itself.
 */
export abstract class OpsEndpoint {
  /** all up: /health/ready answers 200 */
  abstract readonly checks: readonly ReadinessCheck[];
  /** registers the process's own collectors; the Node.js process metrics are always there */
  abstract readonly registerMetrics?: (registry: Registry) => void;
}
