import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const webDir = fileURLToPath(new URL('.', import.meta.url));

/** Public files that belong to the app shell (web/public). */
const shellFiles = ['/manifest.webmanifest', '/favicon.svg', '/icon-192.png', '/icon-512.png'];

/**
 * The installable app (PWA), in production builds only: /sw.js caches the shell (the page, its entry
 * chunks and styles, the icons) and the hashed assets, never /api; /register-sw.js registers it.
 * A few lines of our own instead of a plugin: the list comes straight from the bundle.
 */
function pwa(): Plugin {
  return {
    name: 'onetrip-pwa',
    apply: 'build',
    transformIndexHtml: { order: 'post', handler: () => [{ tag: 'script', attrs: { src: '/register-sw.js', defer: true }, injectTo: 'body' }] },
    generateBundle(_, bundle) {
      const entry = Object.values(bundle).find((c) => c.type === 'chunk' && c.isEntry);
      const shell = new Set<string>(['/', ...shellFiles]);
      const add = (fileName: string) => {
        const chunk = bundle[fileName];
        if (!chunk || shell.has(`/${fileName}`)) return;
        shell.add(`/${fileName}`);
        if (chunk.type === 'chunk') {
          for (const css of chunk.viteMetadata?.importedCss ?? []) shell.add(`/${css}`);
          chunk.imports.forEach(add);
        }
      };
      if (entry) add(entry.fileName);
      // The build's id changes with any file of the bundle, so browsers install the new worker.
      const build = createHash('sha256').update([...Object.keys(bundle)].sort().join()).digest('hex').slice(0, 16);
      const worker = readFileSync(fileURLToPath(new URL('./pwa/service-worker.js', import.meta.url)), 'utf8').replace("'__BUILD__'", JSON.stringify(build)).replace("/* __SHELL__ */ ['/']", JSON.stringify([...shell]));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: worker });
      this.emitFile({ type: 'asset', fileName: 'register-sw.js', source: "if ('serviceWorker' in navigator) window.addEventListener('load', () => navigator.serviceWorker.register('/sw.js').catch(() => undefined));\n" });
    },
  };
}

export default defineConfig({
  root: webDir,
  base: '/',
  publicDir: 'public',
  plugins: [react(), pwa()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // Vendors change less often than our pages: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|@emotion)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    // No changeOrigin: the server's CSRF check compares Origin with Host, which must stay the dev server's.
    proxy: { '/api': { target: 'http://127.0.0.1:3100' } },
  },
});
