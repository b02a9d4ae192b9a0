import { startServer } from './server';

/** One server for the browser tests; its URL reaches the tests through the environment. */
export default async function globalSetup() {
  const server = await startServer();
  process.env.JIXIAO_E2E_URL = server.url;
  return async () => server.stop();
}
