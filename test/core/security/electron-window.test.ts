/**
 * The Electron host's security, checked on exactly what the main process and the preload apply
 * (window-policy.ts, csp.ts, preload/transport.ts), without Electron's binary: the window
 * options, the CSP, denied navigation, window.open and permissions, and a preload surface of
 * the contract's channels only. test/electron/ checks the same in a real window where it can run.
 */
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RENDERER_CSP } from '../../../electron/main/csp';
import { hardenSession, isExternalLink, lockDownContents, mainWindowOptions, type PolicyContents, type PolicySession } from '../../../electron/main/window-policy';
import { createIpcTransport, type PreloadIpc } from '../../../electron/preload/transport';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../../shared/contract/channels';

describe('the Electron window options', () => {
  it('isolate and sandbox the renderer, without Node, with web security', () => {
    const options = mainWindowOptions('/app/out');
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(options.webPreferences!.preload).toBe(path.join('/app/out', 'preload', 'index.cjs'));
    expect(Object.keys(options.webPreferences!)).not.toContain('enableBlinkFeatures');
  });
});

describe('the CSP', () => {
  const directives = new Map(RENDERER_CSP.split(';').map((part) => {
    const [name, ...values] = part.trim().split(/\s+/);
    return [name!, values];
  }));

  it('allows scripts and connections only from the app itself, and nothing else by default', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]); // no 'unsafe-eval', no 'unsafe-inline', no hosts
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(RENDERER_CSP).not.toMatch(/unsafe-eval|\*|https?:|ws:/);
  });
});

describe('navigation, new windows and permissions', () => {
  function fakeContents() {
    const emitter = new EventEmitter();
    let openHandler: ((details: { url: string }) => { action: string }) | undefined;
    const contents = {
      on: (event: string, listener: (...args: unknown[]) => void) => emitter.on(event, listener),
      setWindowOpenHandler: (handler: typeof openHandler) => {
        openHandler = handler;
      },
    } as unknown as PolicyContents;
    /** Emit as Electron would; true when the policy prevented the default. */
    const attempt = (event: string, url: string) => {
      let prevented = false;
      emitter.emit(event, { preventDefault: () => (prevented = true), url }, url);
      return prevented;
    };
    return { contents, attempt, open: (url: string) => openHandler!({ url }) };
  }

  it('denies every navigation, redirect, webview and window.open; only an https link leaves, for the system browser', () => {
    const opened: string[] = [];
    const { contents, attempt, open } = fakeContents();
    lockDownContents(contents, async (url) => {
      opened.push(url);
    });
    for (const url of ['https://evil.example', 'file:///etc/passwd', 'http://127.0.0.1:1/', 'javascript:alert(1)']) {
      expect(attempt('will-navigate', url), url).toBe(true);
      expect(attempt('will-redirect', url), url).toBe(true);
      expect(open(url), url).toEqual({ action: 'deny' });
    }
    expect(attempt('will-attach-webview', 'about:blank')).toBe(true);
    expect(opened).toEqual(['https://evil.example']);
    expect(['https://docs.deribit.com', 'http://x', 'file:///x', 'javascript:1', 'not a url', 'desk://x'].map(isExternalLink)).toEqual([true, false, false, false, false, false]);
  });

  it('grants no permission and puts the CSP on every response', () => {
    let request: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
    let check: ((...args: unknown[]) => boolean) | undefined;
    let headers: ((details: { responseHeaders?: Record<string, string[]> }, callback: (response: { responseHeaders: Record<string, string[]> }) => void) => void) | undefined;
    hardenSession({
      setPermissionRequestHandler: (handler: typeof request) => (request = handler),
      setPermissionCheckHandler: (handler: typeof check) => (check = handler),
      webRequest: { onHeadersReceived: (handler: typeof headers) => (headers = handler) },
    } as unknown as PolicySession);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      let granted: boolean | undefined;
      request!({}, permission, (answer) => (granted = answer));
      expect(granted, permission).toBe(false);
      expect(check!({}, permission, 'file://', {})).toBe(false);
    }
    let answered: Record<string, string[]> | undefined;
    headers!({ responseHeaders: { 'Content-Security-Policy': ["default-src *"], 'X-Other': ['1'] } }, ({ responseHeaders }) => (answered = responseHeaders));
    expect(answered).toEqual({ 'Content-Security-Policy': [RENDERER_CSP], 'X-Other': ['1'] }); // a server's own CSP cannot loosen ours
  });
});

describe('the preload surface', () => {
  function recordingIpc() {
    const calls: { method: string; channel: string }[] = [];
    const listeners = new Map<string, (...args: unknown[]) => void>();
    const ipc = {
      invoke: async (channel: string) => {
        calls.push({ method: 'invoke', channel });
        return { ok: true, value: null };
      },
      on: (channel: string, listener: (...args: unknown[]) => void) => {
        calls.push({ method: 'on', channel });
        listeners.set(channel, listener);
      },
      removeListener: (channel: string) => {
        calls.push({ method: 'removeListener', channel });
        listeners.delete(channel);
      },
    } as unknown as PreloadIpc;
    return { ipc, calls, listeners };
  }

  it("exposes invoke and on, frozen, and passes only the contract's channels to IPC", async () => {
    const { ipc, calls } = recordingIpc();
    const desk = createIpcTransport(ipc, INVOKE_CHANNELS, EVENT_CHANNELS);
    expect(Object.keys(desk).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(desk)).toBe(true);

    for (const channel of INVOKE_CHANNELS) await desk.invoke(channel, {});
    expect(calls.map((call) => call.channel)).toEqual(INVOKE_CHANNELS.map((channel) => `desk:${channel}`));

    calls.length = 0;
    for (const channel of ['fills.delete', 'desk:fills.add', '__proto__', 'constructor', 'fills.add ', '', 'ELECTRON_BROWSER_REQUIRE', 42 as unknown as string]) {
      expect(await desk.invoke(channel, {}), String(channel)).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
      expect(() => desk.on(channel, () => {}), String(channel)).toThrow(/no such event channel/);
    }
    expect(() => desk.on('fills.add', () => {})).toThrow(/no such event channel/); // an invoke channel is not an event
    expect(calls).toEqual([]);
  });

  it('hands a listener the payload only, never the IPC event, and unsubscribes', () => {
    const { ipc, calls, listeners } = recordingIpc();
    const desk = createIpcTransport(ipc, INVOKE_CHANNELS, EVENT_CHANNELS);
    const received: unknown[][] = [];
    const off = desk.on('fills.added', (...args: unknown[]) => received.push(args));
    listeners.get('desk:fills.added')!({ sender: { send: () => {} }, ports: [] }, { fill: 1 });
    expect(received).toEqual([[{ fill: 1 }]]);
    off();
    expect(calls.at(-1)).toEqual({ method: 'removeListener', channel: 'desk:fills.added' });
  });
});
