// Runs axe-core on each URL given, in Debian's headless Chromium driven by playwright-core,
// and prints one JSON object: {url: {violations: [...], autoplay: bool, focusable: n}}.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { visitEach } from "./browser.mjs";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const results = await visitEach(process.argv.slice(2), async (page) => {
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
  return {
    violations: report.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.html) })),
    autoplay,
    focused: [...new Set(focused)].length,
  };
});
console.log(JSON.stringify(results));
