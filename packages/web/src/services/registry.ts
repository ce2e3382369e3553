import { WebError, WebErrorCodes } from '../errors.js';

/** Named services across plugins; one provider per name. */
export class ServiceRegistry {
  private readonly services = new Map<string, { provider: string; service: object }>();

  provide(provider: string, name: string, service: object): void {
    const existing = this.services.get(name);
    if (existing && existing.provider !== provider)
      throw new WebError(
        WebErrorCodes.SERVICE_CONFLICT,
        `plugin "${provider}" cannot provide service "${name}": plugin "${existing.provider}" already provides it. Rename one of the services.`,
        { plugin: provider },
      );
    this.services.set(name, { provider, service });
  }

  get(consumer: string, name: string): object {
    const entry = this.services.get(name);
    if (!entry)
      throw new WebError(
        WebErrorCodes.SERVICE_MISSING,
        `plugin "${consumer}" needs service "${name}", which no started plugin provides. Install and enable the plugin that provides it, and list it in "plugboard.requires" so it starts first.`,
        { plugin: consumer },
      );
    return entry.service;
  }

  has(name: string): boolean {
    return this.services.has(name);
  }

  /** Withdraw a plugin's services (on shutdown). */
  drop(provider: string): void {
    for (const [name, entry] of this.services) if (entry.provider === provider) this.services.delete(name);
  }

  list(): { name: string; provider: string }[] {
    return [...this.services].map(([name, e]) => ({ name, provider: e.provider }));
  }
}
