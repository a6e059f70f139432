import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AmiClientError, AmiClientErrorCode } from '@app/ami';
import { AppConfig } from '@app/config';
import type { Extension } from '../../../extensions/extension';
import { ApiException, type ApiErrorBody } from '../../../common/api-error';
import { ExtensionsService } from '../../../extensions/extensions.service';
import { OriginateMetrics } from '../../../metrics/originate.metrics';
import type { PbxActionSession } from '../../../pbx/pbx-action-session';
import { PbxActionsService } from '../../../pbx/pbx-actions.service';
import { ClickToCallException } from '../../click-to-call.exception';
import { dialTarget, notAllowedReason, type DialTarget } from './dial-target';
import { originateFields } from './originate-action.builder';
import type { OriginateCallCommand, OriginateCallResult } from './originate-call.command';

/** An async Originate is answered at once ("queued"); ELMA365 aborts its script after 60 s anyway. */
const ORIGINATE_RESPONSE_TIMEOUT_MS = 5_000;

/**
 * Click-to-call: the operator's phone rings, and once answered the dialplan calls the client. Answers as soon
 * as Asterisk has queued the Originate; the outcome arrives as a call record like any other call. Never retried:
 * a second Originate would ring the operator twice.
 */
@Injectable()
export class OriginateCallUseCase {
  private readonly logger = new Logger('ClickToCall');

  constructor(
    private readonly config: AppConfig,
    private readonly pbxs: PbxActionsService,
    private readonly extensions: ExtensionsService,
    private readonly metrics: OriginateMetrics,
  ) {}

  async execute(command: OriginateCallCommand): Promise<OriginateCallResult> {
    try {
      const result = await this.originate(command);
      this.metrics.record('queued');
      return result;
    } catch (error) {
      this.metrics.record(error instanceof ApiException ? (error.getResponse() as ApiErrorBody).code : 'error');
      throw error;
    }
  }

  private async originate(command: OriginateCallCommand): Promise<OriginateCallResult> {
    const target = this.allowedTarget(command.phone);
    const session = this.connectedSession(command.pbxId);
    const operator = await this.operatorExtension(session, command.extension);
    const channelId = `c2c-${randomUUID()}`;
    const callId = `${session.pbxId}:${channelId}`;
    const actionId = session.originator.nextActionId();
    const { context, ringTimeoutSeconds, autoAnswerHeader } = this.config.clickToCall;
    const fields = originateFields({
      actionId,
      technology: operator.technology,
      extension: operator.extension,
      context,
      exten: target.exten,
      ringTimeoutSeconds,
      callerName: command.callerName?.trim() || target.number,
      callerNumber: target.number,
      channelId,
      variables: command.variables,
      autoAnswerHeader,
    });
    try {
      await session.originator.action(fields, { timeoutMs: ORIGINATE_RESPONSE_TIMEOUT_MS });
    } catch (error) {
      throw this.originateFailure(error, callId);
    }
    this.logger.log(`${callId}: ${operator.technology}/${operator.extension} -> ${target.exten} queued (${actionId})`);
    return { callId, status: 'originating' };
  }

  private allowedTarget(phone: string): DialTarget {
    const region = this.config.phone.defaultRegion;
    const target = dialTarget(phone, region, this.config.endpoints.internalExtensionPattern);
    const reason = notAllowedReason(target, this.config.clickToCall.allowedPatterns, region);
    if (reason !== undefined) throw ClickToCallException.numberNotAllowed(reason);
    return target;
  }

  private connectedSession(pbxId: string | undefined): PbxActionSession {
    const session = this.pbxs.get(pbxId);
    if (!session) {
      throw pbxId === undefined
        ? ClickToCallException.pbxUnavailable(undefined, 'AMI_URL is empty')
        : ClickToCallException.pbxNotFound(pbxId);
    }
    if (!session.client.isConnected) throw ClickToCallException.pbxUnavailable(session.pbxId, 'AMI is not connected');
    if (!session.originator.isConnected) {
      throw ClickToCallException.pbxUnavailable(session.pbxId, "AMI_ORIGINATE_URL's user is not logged in");
    }
    return session;
  }

  private async operatorExtension(session: PbxActionSession, extension: string): Promise<Extension> {
    let found: Extension | undefined;
    try {
      found = await this.extensions.find(session, extension);
    } catch (error) {
      throw ClickToCallException.pbxUnavailable(session.pbxId, error instanceof Error ? error.message : String(error));
    }
    if (!found) throw ClickToCallException.extensionNotFound(extension, session.pbxId);
    return found;
  }

  private originateFailure(error: unknown, callId: string): Error {
    if (!(error instanceof AmiClientError)) return error instanceof Error ? error : new Error(String(error));
    switch (error.code) {
      case AmiClientErrorCode.ActionFailed:
        return ClickToCallException.originateRejected(error.response?.get('Message') ?? error.message);
      case AmiClientErrorCode.NotConnected:
        // refused before anything was written: nothing can ring
        return ClickToCallException.pbxUnavailable(callId.split(':')[0], error.message);
      default:
        this.logger.warn(`${callId}: Originate unconfirmed: ${error.message}`);
        return ClickToCallException.originateUnconfirmed(callId, error.message);
    }
  }
}
