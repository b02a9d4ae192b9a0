/** Configuration from the environment, validated once at start-up. */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface ServerConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  demo: boolean;
  /** Public origin (scheme://host:port) the browser uses. */
  origin: string;
  /** Further origins allowed for auth and websockets (comma-separated JIXIAO_ORIGINS). */
  extraOrigins: string[];
  secret: string;
  production: boolean;
  /** keep X-Forwarded-For from a reverse proxy (JIXIAO_TRUST_PROXY=1) */
  trustProxy: boolean;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT 无效 (invalid PORT): ${env.PORT}`);
  }
  const host = env.HOST ?? '127.0.0.1';
  const origin = env.JIXIAO_ORIGIN ?? `http://localhost:${port}`;
  return {
    port,
    host,
    databaseUrl: env.DATABASE_URL || undefined,
    demo: env.JIXIAO_DEMO === '1' || env.JIXIAO_DEMO === 'true',
    origin,
    extraOrigins: (env.JIXIAO_ORIGINS ?? '').split(',').filter(Boolean),
    secret: env.BETTER_AUTH_SECRET ?? env.JIXIAO_SECRET ?? persistentSecret('./data/secret'),
    production: env.NODE_ENV === 'production',
    trustProxy: env.JIXIAO_TRUST_PROXY === '1',
  };
}

/** A random secret kept beside the SQLite file, so sessions survive restarts. */
function persistentSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** Both spellings of loopback, so http://127.0.0.1 and http://localhost both work. */
export function allowedOrigins(config: ServerConfig, port: number): string[] {
  const set = new Set([
    config.origin,
    `http://localhost:${port}`,
    `http://127.0.0.1:${port}`,
    ...config.extraOrigins,
  ]);
  return [...set];
}
