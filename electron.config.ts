/**
 * electron-vite: the main process (with the core), the CommonJS preload, and the Svelte renderer.
 * better-sqlite3 and ws stay external to the main bundle (they are dependencies); the preload is
 * fully bundled because a sandboxed preload cannot require packages. The preload gets the
 * contract's channel names as build-time constants, so it whitelists them without bundling zod.
 */
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import { RENDERER_CSP } from './electron/main/csp';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from './shared/contract/channels';

// frame-ancestors is ignored in a <meta> policy; the browser host sends it as a header.
const metaCsp = RENDERER_CSP.split('; ')
  .filter((directive) => !directive.startsWith('frame-ancestors'))
  .join('; ');

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The backtest worker is its own entry: runs.ts starts it as the sibling of the bundle.
      rollupOptions: { input: { index: resolve('electron/main/index.ts'), 'backtest-worker': resolve('electron/core/backtest/backtest-worker.ts') } },
    },
  },
  preload: {
    define: {
      __DESK_INVOKE_CHANNELS__: JSON.stringify(INVOKE_CHANNELS),
      __DESK_EVENT_CHANNELS__: JSON.stringify(EVENT_CHANNELS),
    },
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [
      svelte({ configFile: resolve('svelte.config.js') }),
      {
        name: 'desk-csp',
        transformIndexHtml: (html) => html.replace('%DESK_CSP%', metaCsp),
      },
    ],
    build: {
      outDir: resolve('out/renderer'),
      // Minified: the bundle the desk starts with is parsed before anything shows.
      minify: true,
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
