/** Run the desk for a browser until interrupted: the core, the host, and the URL on stdout. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../core/clock';
import { defaultDataDir } from '../core/data-dir';
import { createDesk } from '../core/desk';
import type { HostArgs } from '../host-args';
import { isLoopback, startBrowserHost } from './server';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RENDERER_DIR = path.join(PROJECT_ROOT, 'out', 'renderer');

export async function serveDesk(args: HostArgs): Promise<void> {
  const dataDir = path.resolve(args.dataDir ?? defaultDataDir());
  const desk = createDesk({ dataDir, clock: systemClock, config: { hostMode: 'browser', market: args.market } });
  const host = args.host ?? '127.0.0.1';
  if (!isLoopback(host) && args.allowRemote) {
    console.error(`warning: the browser host listens on ${host}; anyone who can reach it and has the token can read and write the book`);
  }
  const server = await startBrowserHost({ desk, rendererDir: RENDERER_DIR, host, port: args.port, allowRemote: args.allowRemote }).catch(
    (error: unknown) => {
      desk.close();
      throw error;
    },
  );
  console.log(`desk: browser host at ${server.url}  (data: ${dataDir}; market: ${desk.market?.label ?? 'none'})`);
  const stop = () => {
    void server.close().then(() => {
      desk.close();
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
