/**
 * The renderer's Content Security Policy, one for both hosts: scripts and styles only from the
 * app itself, no eval, no plugins, no framing; connections only back to the host (the browser
 * bridge's WebSocket on the same origin).
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
