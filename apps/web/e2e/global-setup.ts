import { resolveChromium } from './chromium';
import { startServer } from './server';

/** One browser and one server for the browser tests; both reach the workers through the environment. */
export default async function globalSetup() {
  await resolveChromium();
  const server = await startServer();
  process.env.JIXIAO_E2E_URL = server.url;
  process.env.JIXIAO_E2E_DATABASE_URL = server.databaseUrl;
  return async () => server.stop();
}
