/** One line of the PBX's phonebook, as the source holds it (the phone not yet normalised). */
export interface PhonebookEntry {
  readonly phone: string;
  readonly name: string;
}

/** A phonebook that cannot be read; the message says why and what to do. */
export class PhonebookSourceException extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PhonebookSourceException';
  }
}
