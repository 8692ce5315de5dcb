/**
 * Builds the web front end (src/web) into dist/web: the client decision aid at / and, later, the
 * clinician workspace. The service worker is built as /sw.js with the list of every emitted file
 * injected, so the aid works offline after the first visit. No CDN, no third-party anything.
 */
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';

/** Replaces `self.__PRECACHE__` in sw.js with the URLs of all emitted files and a build version. */
function precacheManifest(): Plugin {
  return {
    name: 'stepdown-precache-manifest',
    apply: 'build',
    generateBundle(_options, bundle) {
      // The clinician workspace and the check-in page are not part of the offline client aid: left out.
      const files = Object.keys(bundle)
        .filter(
          (name) => name !== 'sw.js' && !name.endsWith('.map') && name !== 'clinician.html' && name !== 'check-in.html',
        )
        .filter((name) => !name.startsWith('assets/clinician-') && !name.startsWith('assets/check-in-'))
        .map((name) => `/${name}`);
      const urls = ['/', ...files.filter((url) => url !== '/index.html')].sort();
      const version = `${Date.now().toString(36)}`;
      const sw = bundle['sw.js'];
      if (sw && sw.type === 'chunk') {
        sw.code = sw.code.replace('self.__PRECACHE__', JSON.stringify({ version, urls }));
      }
    },
  };
}

export default defineConfig({
  root: 'src/web',
  publicDir: 'public',
  plugins: [preact(), precacheManifest()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    sourcemap: false,
    rollupOptions: {
      input: {
        index: 'src/web/index.html',
        clinician: 'src/web/clinician.html',
        'check-in': 'src/web/check-in.html',
        sw: 'src/web/sw.ts',
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  server: { fs: { allow: ['../..'] } },
});
