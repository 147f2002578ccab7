/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Django serves the build: assets under /static/, the entry found through the manifest.
// `npm run dev` serves the app on :5173 and hands the API and auth to Django on :8000.
declare const process: { env: Record<string, string | undefined> };
const DJANGO = process.env.PADDOCK_DJANGO_URL ?? "http://127.0.0.1:8000";

export default defineConfig(({ command }) => ({
  base: command === "build" ? "/static/" : "/",
  plugins: [react()],
  build: {
    manifest: true,
    outDir: "dist",
    emptyOutDir: true,
    target: "es2020",
    sourcemap: false,
    rollupOptions: {
      output: {
        // React, and TanStack Query, in long-lived chunks of their own: app releases do not
        // bust their cache. The French catalogue is a chunk of its own too (loaded on demand).
        manualChunks: (id) => {
          if (/node_modules\/(react|react-dom|scheduler)\//.test(id)) return "react";
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
    restoreMocks: true,
  },
}));
