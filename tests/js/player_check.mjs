// Drives an episode page's player in Debian's headless Chromium with the keyboard, as a listener
// would, and prints one JSON object of what happened: the caption cues, the time and speed after
// each key, the sentence highlighted at three moments, where activating a sentence leads, the
// resume offer after a reload, and axe-core's violations with the controls shown.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const url = process.argv[2];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--autoplay-policy=no-user-gesture-required", "--mute-audio", "--no-first-run"],
});
const result = {};
try {
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: "load" });
  await page.waitForSelector("[role=toolbar]:not([hidden])", { timeout: 20000 });
  await page.waitForFunction(() => document.getElementById("lecteur").readyState >= 1);
  result.cues = await page.evaluate(() => [...document.querySelector("track[kind=captions]").track.cues].map((c) => [c.startTime, c.endTime, c.text]));
  result.chapters = await page.evaluate(() => [...document.querySelector("track[kind=chapters]").track.cues].map((c) => c.startTime));
  const state = () => page.evaluate(() => {
    const audio = document.getElementById("lecteur");
    return { time: audio.currentTime, rate: audio.playbackRate, speed: document.querySelector("#lecture output").textContent };
  });
  await page.focus("[data-action=play]");
  result.keys = [];
  for (const key of ["ArrowRight", "ArrowRight", "ArrowLeft", "PageDown", "PageUp", "l", "j", "+", "+", "-", "+", "+", "+", "+", "+", "+", "+"]) {
    await page.keyboard.press(key);
    await page.evaluate(() => document.getElementById("lecteur").pause());
    result.keys.push({ key, ...(await state()) });
  }
  result.highlighted = [];
  const transcript = await page.evaluate(() => document.querySelectorAll(".phrase").length);
  for (const index of transcript ? [1, Math.floor(result.cues.length / 2), result.cues.length - 2] : []) {
    const [start, end] = result.cues[index];
    await page.evaluate(async (time) => {
      const audio = document.getElementById("lecteur");
      await new Promise((resolve) => { audio.addEventListener("seeked", resolve, { once: true }); audio.currentTime = time; });
    }, (start + end) / 2);
    result.highlighted.push({ index, text: await page.evaluate(() => {
      const current = document.querySelectorAll("[aria-current=true]");
      return current.length === 1 ? current[0].textContent : `${current.length} highlighted`;
    }) });
  }
  if (transcript) {
    const target = Math.floor(result.cues.length / 3);
    await page.evaluate((index) => document.querySelectorAll(".phrase")[index].focus(), target);
    await page.keyboard.press("Enter");
    await page.evaluate(() => document.getElementById("lecteur").pause());
    result.activated = { index: target, ...(await state()) };
    result.sentences = transcript;
  }
  result.report = await page.evaluate(() => { const link = document.querySelector("a[data-report-link]"); return link && link.href; });
  await page.addScriptTag({ content: axeSource });
  const report = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
  }));
  result.violations = report.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.html) }));
  await page.evaluate(() => { const audio = document.getElementById("lecteur"); audio.currentTime = 42; audio.dispatchEvent(new Event("timeupdate")); });
  await page.reload({ waitUntil: "load" });
  await page.waitForSelector("[role=toolbar]:not([hidden])", { timeout: 20000 });
  result.resume = await page.evaluate(() => {
    const button = document.querySelector("[data-action=resume]");
    return { shown: !button.parentNode.hidden, text: button.textContent, time: document.getElementById("lecteur").currentTime };
  });
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
