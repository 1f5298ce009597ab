import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * Writes .br and .gz next to every text asset so the server (@fastify/static, preCompressed)
 * sends compressed files without compressing on each request.
 */
function precompress(): Plugin {
  return {
    name: 'tenure-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir ?? '';
      for (const name of [...Object.keys(bundle), 'index.html']) {
        if (!/\.(js|css|html|svg|json)$/.test(name)) continue;
        const file = path.join(dir, name);
        if (!fs.existsSync(file)) continue;
        const data = fs.readFileSync(file);
        if (data.length < 1024) continue;
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
        fs.writeFileSync(
          `${file}.br`,
          zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 10 } }),
        );
      }
    },
  };
}

/**
 * recharts (under @mantine/charts) and the libraries only it uses (~410 kB) stay out of the
 * vendor chunk: only the lazy Dashboards chunk imports them, so the first screen never loads them.
 */
const chartsOnly =
  /[\\/]node_modules[\\/](recharts|@mantine[\\/]charts|@reduxjs|react-redux|redux|redux-thunk|immer|reselect|victory-vendor|d3-[a-z-]+|internmap|decimal\.js-light|es-toolkit|eventemitter3|tiny-invariant)[\\/]/;

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    // Libraries change less often than the app: a separate chunk stays cached across releases.
    // React + Mantine minified are ~550 kB (~150 kB brotli), hence the higher warning limit.
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'vendor',
              test: (id: string) => /[\\/]node_modules[\\/]/.test(id) && !chartsOnly.test(id),
            },
          ],
        },
      },
    },
  },
  server: {
    // `npm run dev:web` proxies the API to a Tenure server started with `npm start`.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
