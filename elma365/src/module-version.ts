/** The connector version this module was built with; equals package.json's `version` (a test checks it). */
export const MODULE_VERSION = '0.1.0';
