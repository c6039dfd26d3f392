/**
 * electron-vite: the main process (with the core), the CommonJS preload, and the Svelte renderer.
 * better-sqlite3 and ws stay external to the main bundle (they are dependencies); the preload is
 * fully bundled because a sandboxed preload cannot require packages.
 */
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import { RENDERER_CSP } from './electron/main/csp';

// frame-ancestors is ignored in a <meta> policy; the browser host sends it as a header.
const metaCsp = RENDERER_CSP.split('; ')
  .filter((directive) => !directive.startsWith('frame-ancestors'))
  .join('; ');

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve('electron/main/index.ts') } },
    },
  },
  preload: {
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
      svelte(),
      {
        name: 'desk-csp',
        transformIndexHtml: (html) => html.replace('%DESK_CSP%', metaCsp),
      },
    ],
    build: {
      outDir: resolve('out/renderer'),
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
