import { Migrator } from 'kysely';
import { WebError, WebErrorCodes } from '../errors.js';
import type { PluginStorage, StorageDefinition } from '../types.js';
import type { OpenedStorage, StorageBackend } from './backend.js';

/**
 * Open a plugin's namespace and bring it to its latest migration; on the first
 * run (nothing applied before) the plugin's `seed` adds its initial data.
 */
export async function openPluginStorage(
  backend: StorageBackend,
  plugin: string,
  definition: StorageDefinition | undefined,
): Promise<{ storage: PluginStorage; opened: OpenedStorage }> {
  const opened = await backend.open(plugin);
  if (definition) {
    try {
      const migrator = new Migrator({
        db: opened.db,
        provider: { getMigrations: async () => definition.migrations },
        ...(opened.schema ? { migrationTableSchema: opened.schema } : {}),
      });
      const before = await migrator.getMigrations();
      const fresh = before.every((m) => m.executedAt === undefined);
      const { error, results } = await migrator.migrateToLatest();
      if (error) {
        const failed = results?.find((r) => r.status === 'Error')?.migrationName;
        throw new WebError(
          WebErrorCodes.STORAGE_FAILED,
          `plugin "${plugin}" migration${failed ? ` "${failed}"` : 's'} failed: ${(error as Error).message ?? error}. Fix the migration; nothing after it was applied.`,
          { plugin, cause: error },
        );
      }
      if (fresh && definition.seed) await definition.seed(opened.db);
    } catch (error) {
      await opened.close();
      if (error instanceof WebError) throw error;
      throw new WebError(
        WebErrorCodes.STORAGE_FAILED,
        `plugin "${plugin}" could not prepare its storage: ${(error as Error).message}.`,
        { plugin, cause: error },
      );
    }
  }
  const storage: PluginStorage = {
    db: opened.db,
    dialect: backend.dialect,
    transaction: (fn) => opened.db.transaction().execute(fn),
  };
  return { storage, opened };
}
