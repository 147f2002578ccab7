import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { browserLangs, detectLang, storedLang } from "./i18n/lang";
import { loadCatalog } from "./i18n/translate";
import "./styles.css";
import "./styles/player.css";

// A French reader's catalogue starts loading now, beside the app's first requests (the app
// waits for it before it speaks; a failed load is tried again there).
loadCatalog(storedLang() ?? detectLang(browserLangs())).catch(() => undefined);

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

// Installable, and an offline page when the network is gone (public/sw.js, served at /sw.js).
// Registered once the page has loaded, so it never competes with the first page's requests.
if (import.meta.env.PROD && "serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js").catch(() => undefined);
  });
}
