/** The database of a configuration, migrated (better-auth's tables, then ours), with its auth. */
import { type Auth, createAuth, migrateAuth } from '@jixiao/auth';
import { type DbHandle, connect, migrateToLatest } from '@jixiao/db';
import { type ServerConfig, allowedOrigins } from './config.ts';

export interface OpenDatabase {
  handle: DbHandle;
  auth: Auth;
  origins: string[];
}

export async function openDatabase(config: ServerConfig): Promise<OpenDatabase> {
  const handle = connect(config.databaseUrl);
  const origins = allowedOrigins(config, config.port);
  const authConfig = {
    db: handle,
    baseURL: config.origin,
    secret: config.secret,
    trustedOrigins: origins,
    // production keeps better-auth's strict sign-in limit; demo and test runs sign in many users
    signInLimit: config.demo || !config.production ? 100 : undefined,
  };
  try {
    // better-auth's tables first: ours reference its "user"
    await migrateAuth(authConfig);
    await migrateToLatest(handle.db);
  } catch (e) {
    await handle.close();
    throw e;
  }
  return { handle, auth: createAuth(authConfig), origins };
}
