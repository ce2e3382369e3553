/** Where an option's value came from (for messages and the `configfile` status). */
export interface OptionSource {
  file: string;
  line: number;
}

export interface OptionEntry extends OptionSource {
  value: string;
}

/**
 * The parsed sections of a printer config, in file order: what Python's
 * RawConfigParser holds for Klipper. Section names keep their case (Klipper
 * looks them up exactly); option names are lower-cased when stored.
 */
export class FileConfig {
  private readonly data = new Map<string, Map<string, OptionEntry>>();
  private readonly headers = new Map<string, OptionSource>();

  sections(): string[] {
    return [...this.data.keys()];
  }

  hasSection(section: string): boolean {
    return this.data.has(section);
  }

  /** Where `[section]` was first declared. */
  sectionSource(section: string): OptionSource | undefined {
    return this.headers.get(section);
  }

  addSection(section: string, source?: OptionSource): Map<string, OptionEntry> {
    let options = this.data.get(section);
    if (!options) {
      options = new Map();
      this.data.set(section, options);
      if (source) this.headers.set(section, source);
    }
    return options;
  }

  removeSection(section: string): void {
    this.data.delete(section);
    this.headers.delete(section);
  }

  options(section: string): string[] {
    return [...(this.data.get(section)?.keys() ?? [])];
  }

  hasOption(section: string, option: string): boolean {
    return this.data.get(section)?.has(option.toLowerCase()) ?? false;
  }

  entry(section: string, option: string): OptionEntry | undefined {
    return this.data.get(section)?.get(option.toLowerCase());
  }

  get(section: string, option: string): string | undefined {
    return this.entry(section, option)?.value;
  }

  set(section: string, option: string, value: string, source: OptionSource = { file: '', line: 0 }): void {
    this.addSection(section).set(option.toLowerCase(), { value, ...source });
  }

  /** Every option of `other` laid over this one (later sections merge, last value wins). */
  merge(other: FileConfig): void {
    for (const section of other.sections()) {
      const target = this.addSection(section, other.sectionSource(section));
      for (const [name, entry] of other.data.get(section) ?? []) target.set(name, entry);
    }
  }

  /** Plain `{ section: { option: value } }`, the shape of Klipper's `configfile.config` status. */
  toObject(): Record<string, Record<string, string>> {
    const out: Record<string, Record<string, string>> = {};
    for (const [section, options] of this.data) {
      const dst: Record<string, string> = {};
      for (const [name, entry] of options) dst[name] = entry.value;
      out[section] = dst;
    }
    return out;
  }

  /** The file text RawConfigParser.write would produce (used to write the SAVE_CONFIG block). */
  toText(): string {
    const parts: string[] = [];
    for (const [section, options] of this.data) {
      const lines = [`[${section}]`];
      for (const [name, entry] of options) lines.push(`${name} = ${entry.value.replaceAll('\n', '\n\t')}`);
      parts.push(lines.join('\n'));
    }
    return parts.join('\n\n');
  }
}
