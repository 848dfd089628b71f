// Every countdown on a page: a timer travels as its end time, and counts down here against
// the server's clock, on one shared tick, so all of a page's countdowns turn together.
// programme.js (the programme item) and report.js (the presenting group) use it through
// window.samtaleCountdown; each [data-countdown-to] element (a group's speaking round)
// counts down by itself, from the data-server-now of the region it came in, and a paused
// one (data-countdown-paused) shows its seconds left. Load it before the scripts using it.
// A countdown shown as aria-hidden digits gets its time in words beside it, for screen
// readers to find (rewritten every 15 s, not every second); one that carries
// data-announce-soon / data-announce-over (a speaker's time) has the page's live region say
// so when data-announce-soon-within seconds are left and when time is up.
// Over time is for the facilitators: a countdown inside [data-overtime] (their pages) shows
// how far over it is, in red; anywhere else (a participant's phone) it stops at 0:00.
(function () {
  "use strict";
  const ticks = [];
  const SAID_EVERY = 15; // s: how coarse the time in words is

  // Server time minus this device's time, in ms; 0 when the server's time is unknown.
  function offsetFrom(serverNow) {
    const server = Date.parse(serverNow);
    return Number.isNaN(server) ? 0 : server - Date.now();
  }

  // Whole seconds until `endsAt` by the server's clock; below 0 once it has passed.
  function secondsLeft(endsAt, offset) {
    return Math.round((Date.parse(endsAt) - (Date.now() + offset)) / 1000);
  }

  // "m:ss", without the sign.
  function clock(seconds) {
    const whole = Math.abs(Math.round(seconds));
    return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
  }

  // "1 minute, 45 seconds" in the page's language.
  function inWords(seconds) {
    const languages = [document.documentElement.lang, "nb"];
    const unit = (value, name) =>
      new Intl.NumberFormat(languages, { style: "unit", unit: name, unitDisplay: "long" }).format(value);
    const minutes = Math.floor(seconds / 60);
    const parts = [];
    if (minutes) parts.push(unit(minutes, "minute"));
    if (seconds % 60 || !minutes) parts.push(unit(seconds % 60, "second"));
    return new Intl.ListFormat(languages, { style: "long", type: "unit" }).format(parts);
  }

  // The words beside an aria-hidden countdown, made on first use.
  function wordsFor(element) {
    if (element.getAttribute("aria-hidden") !== "true") return null;
    let words = element.nextElementSibling;
    if (!words || !words.hasAttribute("data-countdown-words")) {
      words = document.createElement("span");
      words.className = "visually-hidden";
      words.dataset.countdownWords = "";
      element.after(words);
    }
    return words;
  }

  // `left` seconds (below 0: over time) in words, in steps of SAID_EVERY seconds; written
  // only when the words change.
  function say(element, left) {
    const words = wordsFor(element);
    if (!words) return;
    const phrases = (document.getElementById("announcer") || { dataset: {} }).dataset;
    const step = Math.ceil(Math.abs(left) / SAID_EVERY) * SAID_EVERY;
    const phrase = left < 0 ? phrases.timeOver : phrases.timeLeft;
    const text = (phrase || "%(time)s").replace("%(time)s", inWords(step));
    if (words.textContent !== text) words.textContent = text;
  }

  function unsay(element) {
    const words = wordsFor(element);
    if (words && words.textContent) words.textContent = "";
  }

  function overtimeShown(element) {
    return element.closest("[data-overtime]") !== null;
  }

  // Show `text` for `left` seconds: data-over once time is up, data-soon in the last
  // `soonWithin` seconds before (the styles colour them). Where over time is not shown,
  // a countdown past its end reads 0:00, in its last seconds' colour.
  function show(element, text, left, soonWithin) {
    if (left < 0 && !overtimeShown(element)) {
      text = clock(0);
      left = 0;
    }
    if (element.textContent !== text) element.textContent = text;
    element.dataset.over = left < 0 ? "1" : "";
    element.dataset.soon = left >= 0 && left <= soonWithin ? "1" : "";
    say(element, left);
  }

  // Clear a countdown that has nothing to count.
  function clear(element) {
    if (element.textContent) element.textContent = "";
    unsay(element);
  }

  // Seconds left at the last tick, by the countdown's end and what it says: a reloaded
  // region brings a new element for the same countdown, which must not say it again.
  const lastLeft = new Map();

  function announceCrossings(element, left) {
    const { announceSoon: soon, announceOver: over, countdownTo } = element.dataset;
    if (!window.samtale || (!soon && !over)) return;
    const key = [countdownTo, soon, over].join("|");
    const before = lastLeft.get(key);
    lastLeft.set(key, left);
    if (before === undefined) return; // first seen: a page opened late says nothing
    const within = Number(element.dataset.announceSoonWithin);
    if (left <= 0) {
      if (before > 0) window.samtale.announce(over);
    } else if (before > within && left <= within) {
      window.samtale.announce(soon);
    }
  }

  // Run `callback` on every tick.
  function everySecond(callback) {
    ticks.push(callback);
  }

  function tickElements() {
    document.querySelectorAll("[data-countdown-to]").forEach((element) => {
      const paused = element.dataset.countdownPaused;
      if (paused !== undefined && paused !== "") {
        const text = clock(Math.max(0, Number(paused)));
        if (element.textContent !== text) element.textContent = text;
        say(element, Math.max(0, Number(paused)));
        return;
      }
      if (element.dataset.offset === undefined) {
        const source = element.closest("[data-server-now]");
        element.dataset.offset = offsetFrom(source ? source.dataset.serverNow : "");
      }
      const left = secondsLeft(element.dataset.countdownTo, Number(element.dataset.offset));
      show(element, `${left < 0 ? "+" : ""}${clock(left)}`, left, 15);
      announceCrossings(element, left);
    });
  }

  window.samtaleCountdown = { offsetFrom, secondsLeft, clock, show, clear, everySecond, overtimeShown };

  ticks.push(tickElements);
  document.addEventListener("htmx:afterSwap", tickElements);
  document.addEventListener("DOMContentLoaded", tickElements);
  setInterval(() => ticks.forEach((callback) => callback()), 1000);
})();
