import { CallPlaceholder, CallPlaceholderValues, isCallPlaceholder, PlaceholderValue } from './call-placeholders';
import { GenericModeSettingsException } from './generic-mode-settings.exception';

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;
const WHOLE_PLACEHOLDER = /^\{([A-Za-z]+)\}$/;

/**
 * A compiled template. `"{talkSeconds}"` — exactly one placeholder and nothing else — yields the value as it is
 * (a number stays a number, an unknown value is `null`), so numeric and date fields get proper JSON; any other
 * template yields a string, with empty values as `""`.
 */
export class FieldTemplate {
  private constructor(
    readonly source: string,
    readonly placeholders: readonly CallPlaceholder[],
    private readonly whole: CallPlaceholder | null,
  ) {}

  /** @throws GenericModeSettingsException naming the unknown placeholder */
  static compile(source: string, where: string): FieldTemplate {
    const names = [...source.matchAll(PLACEHOLDER)].map((match) => match[1]);
    const unknown = names.find((name) => !isCallPlaceholder(name));
    if (unknown !== undefined) {
      throw new GenericModeSettingsException(`${where}: unknown placeholder {${unknown}} in "${source}"`);
    }
    const placeholders = [...new Set(names)].filter(isCallPlaceholder);
    const whole = WHOLE_PLACEHOLDER.exec(source)?.[1];
    return new FieldTemplate(source, placeholders, whole !== undefined && isCallPlaceholder(whole) ? whole : null);
  }

  /** true when every placeholder it names has a value (possibly null) in `values` */
  isKnownIn(values: CallPlaceholderValues): boolean {
    return this.placeholders.every((name) => name in values);
  }

  usesAny(names: readonly CallPlaceholder[]): boolean {
    return this.placeholders.some((name) => names.includes(name));
  }

  render(values: CallPlaceholderValues): PlaceholderValue {
    if (this.whole !== null) return values[this.whole] ?? null;
    return this.source.replace(PLACEHOLDER, (_match, name: string) =>
      isCallPlaceholder(name) ? String(values[name] ?? '') : '',
    );
  }
}
