/** Debian's Chromium for Playwright (no browser download here), with the flags a closed network needs. */
export const CHROMIUM_PATH = process.env.DESK_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];
