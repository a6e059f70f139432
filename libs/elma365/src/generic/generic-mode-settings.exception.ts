/** The generic-mode settings cannot work (a bad app reference, an unknown placeholder…): a configuration error. */
export class GenericModeSettingsException extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GenericModeSettingsException';
  }
}
