/**
 * Fresh Asterisk channel ids (`<epoch seconds>.<sequence>`), like Asterisk's own: the sequence only grows for
 * the life of one simulated PBX, so no two plays share an id.
 */
export class ChannelIdSequence {
  private sequence = 0;

  next(atMs: number): string {
    const id = `${Math.floor(atMs / 1000)}.${this.sequence}`;
    this.sequence += 1;
    return id;
  }
}
