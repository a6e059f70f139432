import { createHash, randomInt } from 'node:crypto';

/** A fresh `Challenge` answer, as Asterisk gives one: a nine-digit number. */
export function newAmiChallenge(): string {
  return String(randomInt(100_000_000, 1_000_000_000));
}

/** What a Login action offers: its AuthType, Secret and Key headers. */
export interface AmiLoginOffer {
  readonly authType: string | undefined;
  readonly secret: string | undefined;
  readonly key: string | undefined;
}

/**
 * Asterisk's check of a Login: with `AuthType: md5` the Key must be md5(challenge + secret) of a challenge this
 * connection asked for; otherwise the plain Secret must match.
 */
export function amiLoginAccepted(offer: AmiLoginOffer, secret: string, challenge: string | undefined): boolean {
  if (offer.authType?.toLowerCase() === 'md5') {
    return challenge !== undefined && offer.key === createHash('md5').update(`${challenge}${secret}`).digest('hex');
  }
  return offer.secret === secret;
}
