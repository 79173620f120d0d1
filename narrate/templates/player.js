// narrate's player: sentence and chapter navigation, speed, read-along and a remembered place,
// over the page's own <audio> and its caption and chapter tracks (one cue per sentence, one per
// chapter). Without JavaScript the page keeps the browser's player, the transcript and links.
(function () {
  "use strict";
  var root = document.getElementById("lecture");
  if (!root) { return; }
  var audio = root.querySelector("audio");
  var words = JSON.parse(root.getAttribute("data-words"));
  var guid = root.getAttribute("data-guid");
  var reportUrl = root.getAttribute("data-report");
  var speeds = [0.75, 1, 1.25, 1.5, 1.75, 2, 2.5, 3];
  var toolbar = root.querySelector("[role=toolbar]");
  var speedShown = root.querySelector("output");
  var news = root.querySelector("[aria-live]");
  var resume = root.querySelector("[data-action=resume]");
  var report = root.querySelector("a[data-report-link]");
  var sentences = [].slice.call(document.querySelectorAll(".phrase"));
  var sentenceCues = [];
  var chapterCues = [];
  var current = -1;
  var currentChapter = -1;
  var lastUserScroll = 0;
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function cuesOf(kind) {
    var element = root.querySelector("track[kind=" + kind + "]");
    if (!element) { return Promise.resolve([]); }
    element.track.mode = "hidden";
    return new Promise(function (resolve) {
      function done() { resolve([].slice.call(element.track.cues || [])); }
      if (element.readyState === 2) { done(); } else {
        element.addEventListener("load", done);
        element.addEventListener("error", function () { resolve([]); });
      }
    });
  }

  function clock(seconds) {
    var whole = Math.max(0, Math.floor(seconds));
    return Math.floor(whole / 60) + ":" + String(whole % 60).padStart(2, "0");
  }

  function say(text) {
    news.textContent = "";
    window.setTimeout(function () { news.textContent = text; }, 50);
  }

  function indexAt(cues, time) {
    var found = -1;
    for (var i = 0; i < cues.length; i += 1) {
      if (cues[i].startTime <= time + 0.001) { found = i; } else { break; }
    }
    return found;
  }

  function seek(time) {
    audio.currentTime = Math.max(0, Math.min(time, (audio.duration || time) - 0.05));
    follow();
  }

  function play() {
    var playing = audio.play();
    if (playing && playing.catch) { playing.catch(function () {}); }
  }

  // To the start of the next or previous cue; "previous" well into a cue goes back to its start,
  // as a player's "previous track" does (after ``grace`` seconds).
  function move(cues, step, grace) {
    if (!cues.length) { return; }
    var index = indexAt(cues, audio.currentTime);
    if (step < 0 && index >= 0 && audio.currentTime - cues[index].startTime > grace) { step = 0; }
    seek(cues[Math.max(0, Math.min(cues.length - 1, index + step))].startTime);
  }

  function setSpeed(step) {
    var index = speeds.indexOf(audio.playbackRate);
    if (index < 0) { index = 1; }
    index = Math.max(0, Math.min(speeds.length - 1, index + step));
    audio.playbackRate = speeds[index];
    var shown = String(speeds[index]).replace(".", words.decimal) + "×";
    speedShown.textContent = shown;
    say(words.speed + " " + shown);
  }

  function follow() {
    var time = audio.currentTime;
    var index = indexAt(sentenceCues, time);
    if (index !== current) {
      if (sentences[current]) {
        sentences[current].removeAttribute("aria-current");
        sentences[current].setAttribute("tabindex", "-1");
      }
      current = index;
      var sentence = sentences[current];
      if (sentence) {
        sentence.setAttribute("aria-current", "true");
        sentence.setAttribute("tabindex", "0");
        if (document.activeElement && document.activeElement.classList.contains("phrase")) { sentence.focus({ preventScroll: true }); }
        var box = sentence.getBoundingClientRect();
        var away = Date.now() - lastUserScroll < 5000;
        if (!away && (box.top < 0 || box.bottom > window.innerHeight)) {
          sentence.scrollIntoView({ block: "center", behavior: reduceMotion ? "auto" : "smooth" });
        }
      }
      if (report && sentenceCues[current]) {
        var cue = sentenceCues[current];
        var params = "episode=" + encodeURIComponent(document.title) + "&phrase=" + encodeURIComponent(cue.text)
          + "&temps=" + encodeURIComponent(clock(cue.startTime));
        if (reportUrl.indexOf("mailto:") === 0) {
          report.href = reportUrl + (reportUrl.indexOf("?") < 0 ? "?" : "&") + "subject=" + encodeURIComponent(words.report_subject)
            + "&body=" + encodeURIComponent(document.title + "\n" + clock(cue.startTime) + "\n" + cue.text);
        } else {
          report.href = reportUrl + (reportUrl.indexOf("?") < 0 ? "?" : "&") + params;
        }
      }
    }
    var chapter = indexAt(chapterCues, time);
    if (chapter !== currentChapter) {
      currentChapter = chapter;
      if (chapter >= 0 && !audio.paused) { say(words.chapter + " : " + chapterCues[chapter].text); }
    }
  }

  var actions = {
    play: function () { if (audio.paused) { play(); } else { audio.pause(); } },
    "previous-sentence": function () { move(sentenceCues, -1, 1.5); },
    "next-sentence": function () { move(sentenceCues, 1, 1.5); },
    "previous-chapter": function () { move(chapterCues, -1, 3); },
    "next-chapter": function () { move(chapterCues, 1, 3); },
    back: function () { seek(audio.currentTime - 10); },
    forward: function () { seek(audio.currentTime + 10); },
    slower: function () { setSpeed(-1); },
    faster: function () { setSpeed(1); },
    resume: function () { seek(parseFloat(resume.getAttribute("data-time"))); resume.parentNode.hidden = true; play(); },
  };
  var keys = {
    k: "play", ArrowLeft: "previous-sentence", ArrowRight: "next-sentence", PageUp: "previous-chapter",
    PageDown: "next-chapter", j: "back", l: "forward", "-": "slower", "+": "faster", "=": "faster",
  };

  root.addEventListener("click", function (event) {
    var button = event.target.closest("[data-action]");
    if (button) { actions[button.getAttribute("data-action")](); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var inside = event.target.closest && (event.target.closest("#lecture") || event.target.closest(".phrase"));
    if (!inside) { return; }
    if (event.target.classList.contains("phrase") && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      seek(sentenceCues[sentences.indexOf(event.target)].startTime);
      play();
      return;
    }
    var action = keys[event.key];
    if (action && !(event.target.tagName === "BUTTON" && event.key === " ")) {
      event.preventDefault();
      actions[action]();
    }
  });
  sentences.forEach(function (sentence, index) {
    sentence.setAttribute("tabindex", index === 0 ? "0" : "-1");
    sentence.addEventListener("click", function () {
      if (sentenceCues[index]) { seek(sentenceCues[index].startTime); play(); }
    });
  });
  ["wheel", "touchmove"].forEach(function (name) {
    window.addEventListener(name, function () { lastUserScroll = Date.now(); }, { passive: true });
  });
  window.addEventListener("keydown", function (event) {
    if (["PageUp", "PageDown", "Home", "End", "ArrowUp", "ArrowDown", " "].indexOf(event.key) >= 0 && !event.defaultPrevented) {
      lastUserScroll = Date.now();
    }
  });
  audio.addEventListener("timeupdate", function () {
    follow();
    if (guid && audio.currentTime > 5) {
      try { localStorage.setItem("narrate:" + guid, String(audio.currentTime)); } catch (error) { /* private mode */ }
    }
  });
  audio.addEventListener("seeked", follow);
  audio.addEventListener("play", function () { toolbar.querySelector("[data-action=play]").textContent = words.pause; });
  audio.addEventListener("pause", function () { toolbar.querySelector("[data-action=play]").textContent = words.play; });
  audio.addEventListener("ended", function () {
    try { localStorage.removeItem("narrate:" + guid); } catch (error) { /* private mode */ }
  });

  Promise.all([cuesOf("captions"), cuesOf("chapters")]).then(function (found) {
    sentenceCues = found[0];
    chapterCues = found[1];
    toolbar.hidden = false;
    root.querySelector(".raccourcis").hidden = false;
    var saved = null;
    try { saved = parseFloat(localStorage.getItem("narrate:" + guid)); } catch (error) { /* private mode */ }
    if (saved && saved > 5) {
      resume.setAttribute("data-time", String(saved));
      resume.textContent = words.resume + " " + clock(saved);
      resume.parentNode.hidden = false;
    }
    follow();
  });
})();
