import { readFileSync } from 'node:fs';

/** One `[name](templates)` section of an Asterisk .conf file, its templates' settings merged in first. */
export interface ConfigSection {
  readonly name: string;
  readonly isTemplate: boolean;
  readonly settings: [string, string][];
}

/** A .conf file's sections in order; a name may repeat (pjsip.conf's trunk is an aor, an endpoint, …). */
export function parseConfigFile(path: string): ConfigSection[] {
  const sections: ConfigSection[] = [];
  let current: ConfigSection | undefined;
  for (const raw of readFileSync(path, 'utf8').split('\n')) {
    const cut = raw.search(/(?<!\\);/);
    const line = (cut < 0 ? raw : raw.slice(0, cut)).trim();
    if (line === '' || line.startsWith('#')) continue;
    const header = /^\[([^\]]+)\](?:\(([^)]*)\))?$/.exec(line);
    if (header) {
      const options = (header[2] ?? '').split(',').map((o) => o.trim());
      const inherited = options
        .filter((o) => o !== '!' && o !== '')
        .flatMap((t) => sections.filter((s) => s.name === t && s.isTemplate).flatMap((s) => s.settings));
      current = { name: header[1], isTemplate: options.includes('!'), settings: [...inherited] };
      sections.push(current);
      continue;
    }
    const setting = /^([^=]+?)\s*=>?\s*(.*)$/.exec(line);
    if (setting && current) current.settings.push([setting[1].trim(), setting[2].trim()]);
  }
  return sections;
}

export function settingOf(section: ConfigSection, key: string): string | undefined {
  return section.settings.filter(([k]) => k === key).at(-1)?.[1];
}

export function settingsOf(section: ConfigSection, key: string): string[] {
  return section.settings.filter(([k]) => k === key).map(([, v]) => v);
}

/** The sections of this `type =` that are not templates. */
export function sectionsOfType(sections: readonly ConfigSection[], type: string): ConfigSection[] {
  return sections.filter((s) => !s.isTemplate && settingOf(s, 'type') === type);
}
