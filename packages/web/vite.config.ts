import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `vite dev` talks to a `zhanggui serve` on :3000; the built console is served by that server itself.
export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 700 },
});
