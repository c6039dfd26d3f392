/**
 * The desk window's security policy as plain data and functions over the few Electron methods
 * they call, so a Node test checks exactly what the main process applies without Electron's
 * binary (only types come from 'electron'). Electron's security checklist:
 * https://www.electronjs.org/docs/latest/tutorial/security
 */
import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import path from 'node:path';
import { RENDERER_CSP } from './csp';

export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
} as const;

/** Everything the main window is built with; the preload is the built CommonJS file. */
export function mainWindowOptions(outDir: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    backgroundColor: '#0e1116',
    title: 'Inventory-premium desk',
    show: false,
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: path.join(outDir, 'preload', 'index.cjs') },
  };
}

/** The session methods the policy uses. */
export type PolicySession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> & {
  webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>;
};

/** No permission is ever granted (camera, notifications, clipboard, ...); every response carries the CSP. */
export function hardenSession(session: PolicySession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [RENDERER_CSP] } });
  });
}

/** The web-contents methods the policy uses. */
export type PolicyContents = Pick<WebContents, 'setWindowOpenHandler' | 'on'>;

/**
 * Applied to every web contents the app ever creates: no new windows (an https link opens in the
 * system browser instead), no navigation or redirect away from the app, no <webview>.
 */
export function lockDownContents(contents: PolicyContents, openExternal: (url: string) => Promise<void>): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) void openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Only a well-formed https URL may leave for the system browser; file:, javascript:, custom schemes never. */
export function isExternalLink(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}
