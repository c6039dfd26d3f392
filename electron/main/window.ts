/**
 * The desk's window, locked down by window-policy.ts: isolated and sandboxed renderer without
 * Node, no navigation, no new windows, no permissions, a CSP on every response.
 */
import { BrowserWindow, session, shell } from 'electron';
import path from 'node:path';
import { hardenSession, mainWindowOptions } from './window-policy';

export function hardenDefaultSession(): void {
  hardenSession(session.defaultSession);
}

export const openExternal = (url: string): Promise<void> => shell.openExternal(url);

export function createMainWindow(outDir: string): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(outDir));
  window.once('ready-to-show', () => window.show());
  const devServer = process.env.ELECTRON_RENDERER_URL;
  if (devServer) void window.loadURL(devServer);
  else void window.loadFile(path.join(outDir, 'renderer', 'index.html'));
  return window;
}
