import { AmiBlockHeaders, formatAmiBlock } from '@app/pbx-simulator';
import { CallPlay, planCallPlay, ScheduledAmiEvent } from './call-play';
import { CallScenario } from './call-scenario';
import { ChannelIdSequence } from './channel-id-sequence';
import { LAB_PHONES, LabPhone } from './lab-phones';
import { parseOriginate } from './originate-request';
import {
  clickToCallPlan,
  failedOriginateResponse,
  originateFailureEvent,
  RecordedClickToCall,
  recordedClickToCall,
} from './originate-scenario';
import { PlayRunner } from './play-runner';

/** How the PBX answers an action: the response, and what happens once it is written (the events that follow). */
export interface OriginateAnswer {
  readonly response: 'Success' | 'Error';
  readonly message: string;
  readonly then?: () => void;
}

export interface SimulatedOriginateOptions {
  /** the recorded click-to-call (trace 08) */
  readonly clickToCall: CallScenario;
  /** the recorded Originates Asterisk could not place (trace 17) */
  readonly failures: CallScenario;
  readonly speed: number;
  /** the PBX's channel ids, shared with the call loop */
  readonly channelIds: ChannelIdSequence;
  readonly emit: (event: ScheduledAmiEvent) => void;
  readonly onPlay?: (play: CallPlay) => void;
}

const QUEUED = { response: 'Success', message: 'Originate successfully queued' } as const;

/**
 * Click-to-call on the simulated PBX, as the lab's Asterisk answered it: an Originate of a lab phone is queued
 * and plays the recorded click-to-call as that phone calling that number, under the Originate's ChannelId; one of
 * anything else is refused like Asterisk refuses it (no Channel; synchronous: `Originate failed`; async: queued,
 * then a failed OriginateResponse).
 */
export class SimulatedOriginate {
  private readonly recorded: RecordedClickToCall;
  private readonly failure: AmiBlockHeaders;
  private readonly running = new Set<PlayRunner>();

  constructor(private readonly options: SimulatedOriginateOptions) {
    this.recorded = recordedClickToCall(options.clickToCall);
    this.failure = failedOriginateResponse(options.failures);
  }

  answer(action: AmiBlockHeaders): OriginateAnswer {
    const request = parseOriginate(action);
    if (request.channel === '') return { response: 'Error', message: 'Channel not specified' };
    const phone = labPhoneDialledBy(request.channel);
    if (phone) {
      return {
        ...QUEUED,
        then: () => {
          const plan = clickToCallPlan(this.recorded, request, phone);
          this.play(planCallPlay(plan.scenario, { ...this.playOptions(), pinnedIds: plan.pinnedIds }));
        },
      };
    }
    if (!request.async) return { response: 'Error', message: 'Originate failed' };
    return {
      ...QUEUED,
      then: () => {
        const headers = originateFailureEvent(this.failure, request, Date.now());
        this.options.emit({ offsetMs: 0, headers, text: formatAmiBlock(headers) });
      },
    };
  }

  /** Ends the calls in progress (no more events). */
  stop(): void {
    for (const runner of this.running) runner.stop();
    this.running.clear();
  }

  private playOptions(): { startMs: number; speed: number; channelIds: ChannelIdSequence } {
    return { startMs: Date.now(), speed: this.options.speed, channelIds: this.options.channelIds };
  }

  private play(play: CallPlay): void {
    this.options.onPlay?.(play);
    const runner = new PlayRunner(play, this.options.emit, () => this.running.delete(runner));
    this.running.add(runner);
    runner.start();
  }
}

/** The lab phone a dial string such as `PJSIP/1001` rings, if it is one. */
function labPhoneDialledBy(channel: string): LabPhone | undefined {
  const extension = /^PJSIP\/([^/@;]+)$/i.exec(channel)?.[1];
  return LAB_PHONES.find((phone) => phone.extension === extension);
}
