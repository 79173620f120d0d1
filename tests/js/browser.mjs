// Debian's Chromium, headless, driven by playwright-core: the browser every page test uses.
// visitEach(urls, visit) opens each URL in one page and returns {url: await visit(page, url)}.
import { chromium } from "playwright-core";

export async function visitEach(urls, visit) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--no-first-run", "--disable-quic"],
  });
  const results = {};
  try {
    const page = await browser.newPage();
    for (const url of urls) {
      await page.goto(url, { waitUntil: "load" });
      results[url] = await visit(page, url);
    }
  } finally {
    await browser.close();
  }
  return results;
}
