// Loads each URL in Debian's headless Chromium (through playwright-core), waits for its <track>
// elements to load, and prints one JSON object: {url: [[{start, end, text, shown}, …] per track]}.
// "shown" is the cue as Chromium renders it (getCueAsHTML's text), which is what a viewer reads.
import { visitEach } from "./browser.mjs";

const results = await visitEach(process.argv.slice(2), (page) => page.evaluate(async () => {
  const tracks = [...document.querySelectorAll("track")];
  for (const element of tracks) element.track.mode = "hidden";
  await Promise.all(tracks.map((element) => element.readyState === 2 ? null : new Promise((resolve, reject) => {
    element.addEventListener("load", resolve);
    element.addEventListener("error", () => reject(new Error(`track ${element.src} did not load`)));
  })));
  return tracks.map((element) => [...element.track.cues].map((cue) => ({
    start: cue.startTime, end: cue.endTime, text: cue.text, shown: cue.getCueAsHTML().textContent,
  })));
}));
console.log(JSON.stringify(results));
