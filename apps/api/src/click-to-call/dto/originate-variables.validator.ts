import { ValidateBy, type ValidationOptions } from 'class-validator';

export const MAX_ORIGINATE_VARIABLES = 10;
export const MAX_VARIABLE_VALUE_LENGTH = 256;
/** a dialplan variable; a leading `_`/`__` makes Asterisk pass it on to the dialled legs */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,31}$/;
/** control characters: CR/LF would end the AMI header (the client strips them, but a request carrying them is bad) */
export const CONTROL_CHARACTERS = /\p{Cc}/u;

/**
 * Variables Asterisk itself reads to change what a call may do (where a transfer goes, which feature codes work,
 * which group counts it, what runs on hangup, SIP headers to add...): a caller of the API must not set them on the
 * operator's leg, with or without the `_`/`__` inheritance prefix. Matched on the name without that prefix.
 */
export const ASTERISK_SPECIAL_VARIABLE =
  /^(?:TRANSFER_CONTEXT|DYNAMIC_FEATURES|FORWARD_CONTEXT|GOTO_ON_BLINDXFR|ATTENDED_TRANSFER_COMPLETE_SOUND|PICKUPMARK|OUTBOUND_GROUP(?:_ONCE)?|FEATURE_\w*|TOUCH_\w*|MONITOR_\w*|MIXMON_\w*|MACRO_\w*|GOSUB_\w*|SIPADDHEADER\w*|SIP_\w*|PJSIP_\w*|AST_\w*|LIMIT_\w*|CDR_\w*|CHANNEL\w*|CALLERID\w*|CONNECTEDLINE\w*|REDIRECTING\w*|DIAL\w*|BRIDGE\w*|BLINDTRANSFER|ATTENDEDTRANSFER|MASTER_CHANNEL|HANGUP\w*|QUEUE\w*|AGI\w*|FAXOPT\w*|SHARED\w*|EXTEN|CONTEXT|PRIORITY|UNIQUEID|LINKEDID|ACCOUNTCODE|AMAFLAGS|LANGUAGE|MUSICCLASS|PARKINGLOT|PARK\w*|TIMEOUT\w*|AUTOANSWER\w*|ALERT_INFO)$/;

/** What is wrong with a `variables` object, or undefined when it is fine. */
export function variablesProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object of name: value';
  const entries = Object.entries(value);
  if (entries.length > MAX_ORIGINATE_VARIABLES) return `must have at most ${MAX_ORIGINATE_VARIABLES} variables`;
  for (const [name, v] of entries) {
    if (!VARIABLE_NAME.test(name)) return `name "${name.slice(0, 40)}" must match ${VARIABLE_NAME.source}`;
    if (ASTERISK_SPECIAL_VARIABLE.test(name.replace(/^_{1,2}/, ''))) {
      return `name "${name}" is a variable Asterisk acts on (transfers, features, SIP headers...): not settable here`;
    }
    if (typeof v !== 'string') return `${name} must be a string`;
    if (v.length > MAX_VARIABLE_VALUE_LENGTH) return `${name} must be at most ${MAX_VARIABLE_VALUE_LENGTH} characters`;
    if (CONTROL_CHARACTERS.test(v)) return `${name} must not contain line breaks or control characters`;
  }
  return undefined;
}

export function IsOriginateVariables(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isOriginateVariables',
      validator: {
        validate: (value: unknown) => variablesProblem(value) === undefined,
        defaultMessage: (args) => `${args?.property ?? 'variables'} ${variablesProblem(args?.value) ?? 'is invalid'}`,
      },
    },
    options,
  );
}
