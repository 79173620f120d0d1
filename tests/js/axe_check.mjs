// Runs axe-core on each URL given, in Debian's headless Chromium driven by playwright-core,
// and prints one JSON object: {url: {violations: [...], autoplay: bool, focusable: n}}.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const browser = await chromium.launch({
  executablePath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"],
});
const results = {};
try {
  const page = await browser.newPage();
  for (const url of process.argv.slice(2)) {
    await page.goto(url, { waitUntil: "load" });
    await page.addScriptTag({ content: axeSource });
    const report = await page.evaluate(() => window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    }));
    const autoplay = await page.evaluate(() => [...document.querySelectorAll("audio, video")].some((m) => m.autoplay));
    // Keyboard: Tab through the page and record which elements receive the focus.
    const focused = [];
    for (let step = 0; step < 40; step += 1) {
      await page.keyboard.press("Tab");
      focused.push(await page.evaluate(() => document.activeElement && document.activeElement.outerHTML.slice(0, 60)));
    }
    results[url] = {
      violations: report.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.html) })),
      autoplay,
      focused: [...new Set(focused)].length,
    };
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(results));
