/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Django serves the build: assets under /static/, the entry found through the manifest.
// `npm run dev` serves the app on :5173 and hands the API and auth to Django on :8000.
declare const process: { env: Record<string, string | undefined> };
const DJANGO = process.env.PADDOCK_DJANGO_URL ?? "http://127.0.0.1:8000";

// Preact runs the app through its React-compatible layer: the same components and hooks, a
// tenth of React's code to download, parse and run before the first paint on a phone. The
// tests run against the same layer as the build.
const PREACT = [
  { find: /^react-dom\/test-utils$/, replacement: "preact/test-utils" },
  { find: /^react-dom\/client$/, replacement: "preact/compat/client" },
  { find: /^react\/jsx-runtime$/, replacement: "preact/jsx-runtime" },
  { find: /^react\/jsx-dev-runtime$/, replacement: "preact/jsx-dev-runtime" },
  { find: /^react-dom$/, replacement: "preact/compat" },
  { find: /^react$/, replacement: "preact/compat" },
];

export default defineConfig(({ command }) => ({
  base: command === "build" ? "/static/" : "/",
  plugins: [react()],
  resolve: { alias: PREACT },
  build: {
    manifest: true,
    outDir: "dist",
    emptyOutDir: true,
    target: "es2020",
    sourcemap: false,
    rollupOptions: {
      output: {
        // Preact, and TanStack Query, in long-lived chunks of their own: app releases do not
        // bust their cache. The French catalogue is a chunk of its own too (loaded on demand).
        manualChunks: (id) => {
          if (/node_modules\/preact\//.test(id)) return "preact";
          if (/node_modules\/@tanstack\//.test(id)) return "query";
          return undefined;
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      "/api": DJANGO,
      "/_allauth": DJANGO,
      "/admin": DJANGO,
      "/static/admin": DJANGO,
    },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test/setup.ts"],
    // Stylesheets stay out of the tests, except those a test reads as text ("?raw") to put in
    // the document: the layout rules a phone depends on are checked on the elements they style.
    css: { include: [/[?&]raw(?:&|$)/] },
    restoreMocks: true,
    // Libraries that import "react" go through the alias too (one copy of Preact in a test):
    // Testing Library's ES module build, which Vite resolves (its CommonJS one requires React).
    server: { deps: { inline: [/@testing-library\//, /@tanstack\//] } },
    alias: [{ find: /^@testing-library\/react$/, replacement: "@testing-library/react/dist/@testing-library/react.esm.js" }],
  },
}));
