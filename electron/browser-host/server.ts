/**
 * The browser host: the built renderer and the contract over one WebSocket, for machines without
 * Electron's binary, for Playwright, and for a risk manager reviewing history from a browser.
 *
 * Loopback only unless explicitly allowed; the page and the socket both require the random token
 * printed in the URL; the socket also requires our own Origin, so another site open in the same
 * browser cannot drive the desk (cross-site WebSocket hijacking).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { dispatch } from '../core/api/dispatch';
import type { Desk } from '../core/desk';
import { CallFrame, MAX_FRAME_BYTES } from './protocol';
import { RENDERER_CSP } from '../main/csp';

export interface BrowserHostOptions {
  desk: Desk;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  host?: string;
  port?: number;
  /** Binding beyond loopback exposes the book to the network: only with this set. */
  allowRemote?: boolean;
  token?: string;
  /** Where the warning about a non-loopback bind goes (default: stderr). */
  warn?: (message: string) => void;
}

export interface BrowserHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host);
}

function sameToken(given: string | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host) && !options.allowRemote) {
    throw new Error(`refusing to bind the browser host to ${host}: only loopback is allowed without --allow-remote`);
  }
  if (!isLoopback(host)) {
    (options.warn ?? console.error)(`warning: the browser host listens on ${host}; anyone who can reach it and has the token can read and write the book`);
  }
  const token = options.token ?? crypto.randomBytes(24).toString('base64url');
  const rendererDir = path.resolve(options.rendererDir);
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`no built renderer at ${rendererDir}: run 'npm run build' first`);
  }

  let origins = new Set<string>();
  const server = http.createServer((request, response) => serveStatic(request, response, rendererDir, token));
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://desk');
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    };
    if (url.pathname !== '/ws') return refuse('404 Not Found');
    if (!sameToken(url.searchParams.get('token'), token)) return refuse('401 Unauthorized');
    if (!origins.has(request.headers.origin ?? '')) return refuse('403 Forbidden');
    sockets.handleUpgrade(request, socket, head, (ws) => serveSocket(ws, options.desk));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const authority = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  origins = new Set([`http://${authority}`, ...(host === '127.0.0.1' ? [`http://localhost:${port}`] : [])]);

  return {
    url: `http://${authority}/?token=${token}`,
    port,
    token,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function serveSocket(ws: WebSocket, desk: Desk): void {
  const unsubscribe = desk.events.subscribe((event, payload) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event, payload }));
  });
  ws.on('close', unsubscribe);
  ws.on('error', unsubscribe);
  ws.on('message', async (data, isBinary) => {
    let frame: CallFrame;
    try {
      if (isBinary) throw new Error('binary frames are not part of the protocol');
      frame = CallFrame.parse(JSON.parse(data.toString()));
    } catch (error) {
      ws.send(JSON.stringify({ error: { code: 'invalid_request', message: `malformed frame: ${(error as Error).message}` } }));
      return;
    }
    const outcome = await dispatch(desk.handlers, frame.channel, frame.payload);
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: frame.id, outcome }));
  });
}

function serveStatic(request: http.IncomingMessage, response: http.ServerResponse, rendererDir: string, token: string): void {
  const url = new URL(request.url ?? '/', 'http://desk');
  const headers = {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, headers).end();
    return;
  }
  if (url.pathname === '/' || url.pathname === '/index.html') {
    if (!sameToken(url.searchParams.get('token'), token)) {
      response.writeHead(401, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('the desk needs the token from the URL it printed at start\n');
      return;
    }
    response.writeHead(200, {
      ...headers,
      'Content-Type': CONTENT_TYPES['.html'],
      'Content-Security-Policy': RENDERER_CSP,
      'X-Frame-Options': 'DENY',
    });
    response.end(fs.readFileSync(path.join(rendererDir, 'index.html')));
    return;
  }
  // Static assets: the bundle is public code; only files inside the renderer directory are served.
  let file: string;
  try {
    file = path.resolve(rendererDir, `.${decodeURIComponent(url.pathname)}`);
  } catch {
    response.writeHead(400, headers).end();
    return;
  }
  if (!file.startsWith(rendererDir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    response.writeHead(404, headers).end();
    return;
  }
  response.writeHead(200, { ...headers, 'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' });
  // Read whole and written at once (the bundle is a few hundred KB): a stream would wait a turn of the
  // host's event loop per 64 KB chunk, behind every market tick, while the desk is starting in the browser.
  response.end(fs.readFileSync(file));
}
