/**
 * The browser host's boundary, with a real WebSocket client: the token, the Origin, loopback
 * only, and malformed frames answered without harm.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBrowserHost, type BrowserHost } from '../../../electron/browser-host/server';
import { ManualClock } from '../../../electron/core/clock';
import { createDesk, type Desk } from '../../../electron/core/desk';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
let open: { host: BrowserHost; desk: Desk } | undefined;

afterEach(async () => {
  await open?.host.close();
  open?.desk.close();
  open = undefined;
});

async function start(options: { host?: string; allowRemote?: boolean; warn?: (message: string) => void } = {}) {
  const rendererDir = tempDir();
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>desk</title>');
  fs.mkdirSync(path.join(rendererDir, 'assets'));
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  const desk = createDesk({ dataDir: tempDir(), clock: new ManualClock(Date.UTC(2024, 0, 1)), config: { hostMode: 'browser' } });
  const host = await startBrowserHost({ desk, rendererDir, ...options });
  open = { host, desk };
  return open;
}

function connect(url: string, origin?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, origin === undefined ? {} : { origin });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    socket.once('error', reject);
  });
}

/** GET a path exactly as written (fetch would normalize it first). */
function rawStatus(port: number, rawPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: rawPath }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    }).once('error', reject);
  });
}

function nextMessage(socket: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => socket.once('message', (data) => resolve(JSON.parse(data.toString()))));
}

describe('the browser host', () => {
  it('serves the page only with the token, and assets from inside the renderer only', async () => {
    const { host } = await start();
    const origin = `http://127.0.0.1:${host.port}`;
    expect((await fetch(`${origin}/`)).status).toBe(401);
    expect((await fetch(`${origin}/?token=wrong`)).status).toBe(401);
    const page = await fetch(host.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect((await fetch(`${origin}/assets/app.js`)).status).toBe(200);
    expect((await fetch(`${origin}/assets/../../etc/passwd`)).status).toBe(404);
    expect(await rawStatus(host.port, '/assets/..%2f..%2f..%2fetc%2fpasswd')).toBe(404); // encoded traversal, unnormalized
    expect(await rawStatus(host.port, '/assets/%E0%A4%A')).toBe(400); // malformed escape: an answer, not a crash
    expect(await rawStatus(host.port, '/assets/app.js')).toBe(200);
    expect((await fetch(`${origin}/assets/app.js`, { method: 'POST' })).status).toBe(405);
  });

  it('refuses a socket without the token, with a wrong token, or from a foreign Origin', async () => {
    const { host } = await start();
    const origin = `http://127.0.0.1:${host.port}`;
    const ws = `ws://127.0.0.1:${host.port}/ws`;
    await expect(connect(ws, origin)).rejects.toThrow('HTTP 401');
    await expect(connect(`${ws}?token=${host.token}x`, origin)).rejects.toThrow('HTTP 401');
    await expect(connect(`${ws}?token=${host.token}`, 'http://evil.example')).rejects.toThrow('HTTP 403');
    await expect(connect(`${ws}?token=${host.token}`)).rejects.toThrow('HTTP 403');
    const socket = await connect(`${ws}?token=${host.token}`, origin);
    socket.close();
  });

  it('binds to loopback only unless remote access is asked for explicitly', async () => {
    await expect(start({ host: '0.0.0.0' })).rejects.toThrow(/only loopback is allowed without --allow-remote/);
    const { host } = await start({ host: 'localhost' });
    expect(host.url).toMatch(/^http:\/\/localhost:\d+\/\?token=/);
  });

  it('binds beyond the loopback names only with the explicit flag, and warns when it does', async () => {
    const warnings: string[] = [];
    // 127.0.0.2 is not one of the loopback names the host trusts, and binds on any Linux box.
    await expect(start({ host: '127.0.0.2', warn: (message) => warnings.push(message) })).rejects.toThrow(/refusing to bind/);
    expect(warnings).toEqual([]);
    const { host } = await start({ host: '127.0.0.2', allowRemote: true, warn: (message) => warnings.push(message) });
    expect(warnings).toEqual([expect.stringMatching(/warning: the browser host listens on 127\.0\.0\.2; anyone who can reach it/)]);
    expect(host.url).not.toContain('127.0.0.1');
    expect(host.token.length).toBeGreaterThanOrEqual(32); // 24 random bytes, base64url
  });

  it('answers calls, pushes events, and survives malformed frames', async () => {
    const { host, desk } = await start();
    const socket = await connect(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, `http://127.0.0.1:${host.port}`);

    socket.send('this is not json');
    expect(await nextMessage(socket)).toMatchObject({ error: { code: 'invalid_request' } });
    socket.send(JSON.stringify({ id: -1, channel: 7 }));
    expect(await nextMessage(socket)).toMatchObject({ error: { code: 'invalid_request' } });
    socket.send(Buffer.from([0xff, 0x00]), { binary: true });
    expect(await nextMessage(socket)).toMatchObject({ error: { message: expect.stringContaining('binary') } });

    socket.send(JSON.stringify({ id: 1, channel: 'fills.add', payload: { instrument: 'nope', side: 'buy', size: 1, price: 1 } }));
    expect(await nextMessage(socket)).toMatchObject({ id: 1, outcome: { ok: false, error: { code: 'invalid_request' } } });

    const messages: Record<string, unknown>[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(data.toString())));
    socket.send(JSON.stringify({ id: 2, channel: 'fills.add', payload: { instrument: 'ETH-PERPETUAL', side: 'sell', size: 10, price: 3000 } }));
    await expect.poll(() => messages.length).toBe(2);
    expect(messages).toContainEqual(expect.objectContaining({ event: 'fills.added' }));
    expect(messages).toContainEqual(expect.objectContaining({ id: 2, outcome: expect.objectContaining({ ok: true }) }));
    expect(desk.fills.count()).toBe(1);
    socket.close();
  });
});
