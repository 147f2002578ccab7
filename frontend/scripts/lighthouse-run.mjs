// One Lighthouse run (mobile, the four categories) for bench/bench_lighthouse.py.
//
//   node scripts/lighthouse-run.mjs <url> <report.json> [cookie header]
//
// Chromium comes from CHROME_PATH. A signed-in page gets its cookies put in the browser's own
// jar first (puppeteer): an extra Cookie header would be dropped from the app's API calls as
// soon as a page sets a cookie of its own (the CSRF cookie).
import { writeFileSync } from "node:fs";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import puppeteer from "puppeteer-core";

const [url, out, cookieHeader = ""] = process.argv.slice(2);
if (!url || !out) {
  console.error("usage: lighthouse-run.mjs <url> <report.json> [cookie header]");
  process.exit(2);
}
const flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"];
const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH, chromeFlags: flags });
try {
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` });
  const page = await browser.newPage();
  const { hostname } = new URL(url);
  const cookies = cookieHeader
    .split(";")
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf("=");
      return { name: pair.slice(0, at), value: pair.slice(at + 1), domain: hostname, path: "/" };
    });
  if (cookies.length) await page.setCookie(...cookies);
  const result = await lighthouse(
    url,
    {
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", "accessibility", "best-practices", "seo"],
    },
    undefined,
    page,
  );
  writeFileSync(out, result.report);
  await browser.disconnect();
} finally {
  await chrome.kill();
}
