import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";
import { loadCatalog } from "../i18n/translate";

// The app loads the French catalogue for French readers before it speaks French; the tests
// render pages in French directly.
await loadCatalog("fr");

afterEach(() => {
  cleanup();
  window.localStorage.clear();
  document.cookie = "csrftoken=; expires=Thu, 01 Jan 1970 00:00:00 GMT";
});
