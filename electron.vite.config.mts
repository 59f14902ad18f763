import { resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const __dirname = dirname(fileURLToPath(import.meta.url))
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

const shared = { '@shared': resolve(__dirname, 'src/shared') }

export default defineConfig({
  main: {
    resolve: { alias: shared },
    build: { externalizeDeps: true }
  },
  preload: {
    resolve: { alias: shared },
    build: {
      // A sandboxed preload cannot require() npm packages, so everything it uses is bundled.
      externalizeDeps: false,
      rollupOptions: { output: { format: 'cjs' } }
    }
  },
  renderer: {
    resolve: {
      alias: { ...shared, '@renderer': resolve(__dirname, 'src/renderer/src') }
    },
    plugins: [react()],
    build: {
      // Minified: the page parses and compiles less before the home can paint (issue 19).
      minify: true,
      chunkSizeWarningLimit: 2000
    }
  }
})
