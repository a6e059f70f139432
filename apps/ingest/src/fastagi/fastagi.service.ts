import type { AddressInfo } from 'node:net';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { FastAgiConfig } from '@app/config';
import { FastAgiServer, PeerAllowlist } from '@app/fastagi';
import { CRM_ROUTE_SCRIPT } from './crm-channel-variables';
import { CrmRouteHandler } from './crm-route.handler';

/** Runs the FastAGI server when FASTAGI_ENABLED is set. */
@Injectable()
export class FastAgiService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('FastAGI');
  private readonly server: FastAgiServer;

  constructor(
    private readonly config: FastAgiConfig,
    handler: CrmRouteHandler,
  ) {
    const peers = new PeerAllowlist(config.allowedPeers);
    this.server = new FastAgiServer({
      deadlineMs: config.deadlineMs,
      maxSessions: config.maxSessions,
      logger: this.logger,
      allowPeer: (address) => peers.allows(address),
    }).route(CRM_ROUTE_SCRIPT, (session) => handler.handle(session));
  }

  /** where the server listens; null when disabled */
  address(): AddressInfo | null {
    return this.server.address();
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.enabled) return;
    const { address, port } = await this.server.listen(this.config.port, this.config.host);
    this.logger.log(
      `FastAGI listening on ${address}:${port} (deadline ${this.config.deadlineMs} ms), ` +
        `sessions from ${this.config.allowedPeers.join(', ')} only`,
    );
    if (this.config.crm === null) {
      this.logger.warn('ELMA365_API_URL is not set: every call gets CRM_ACTION=default');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server.close();
  }
}
