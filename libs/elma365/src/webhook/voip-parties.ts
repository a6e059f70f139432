import type { CallDirection } from '@app/calls';

export interface VoipParties {
  srcPhone: string;
  dstPhone: string;
  srcPhoneExt?: string;
  dstPhoneExt?: string;
}

export interface PartiesInput {
  direction: CallDirection;
  /** the tracker's `from`: inbound the client's number, otherwise the calling extension */
  from: string | null;
  /** the tracker's `to`: inbound the DID, outbound the client's number, internal the dialled extension */
  to: string | null;
  /** the extension whose card this is about (ringing, answering, caller); null when unknown */
  operator: string | null;
}

/**
 * CONTRACT.md's phone rules: ELMA365 finds the user by the operator's extension in `dstPhone` (inbound,
 * internal) or `dstPhoneExt` (outbound), so the operator's extension goes there whatever the direction.
 * A number the PBX never revealed (anonymous caller) is sent as an empty string: both phones are required.
 */
export function voipParties({ direction, from, to, operator }: PartiesInput): VoipParties {
  switch (direction) {
    case 'in': {
      const ext = operator ?? undefined;
      return withExt({ srcPhone: from ?? '', dstPhone: ext ?? to ?? '' }, undefined, ext);
    }
    case 'out': {
      const ext = operator ?? from ?? undefined;
      return withExt({ srcPhone: ext ?? '', dstPhone: to ?? '' }, ext, ext);
    }
    case 'internal': {
      const callee = operator ?? to ?? undefined;
      return withExt({ srcPhone: from ?? '', dstPhone: callee ?? '' }, from ?? undefined, callee);
    }
  }
}

function withExt(phones: VoipParties, srcPhoneExt: string | undefined, dstPhoneExt: string | undefined): VoipParties {
  return {
    ...phones,
    ...(srcPhoneExt === undefined ? {} : { srcPhoneExt }),
    ...(dstPhoneExt === undefined ? {} : { dstPhoneExt }),
  };
}
