// Every countdown on a page: a timer travels as its end time, and counts down here against
// the server's clock, on one shared tick, so all of a page's countdowns turn together.
// programme.js (the programme item) and report.js (the presenting group) use it through
// window.samtaleCountdown; each [data-countdown-to] element (a group's speaking round)
// counts down by itself, from the data-server-now of the region it came in, and a paused
// one (data-countdown-paused) shows its seconds left. Load it before the scripts using it.
(function () {
  "use strict";
  const ticks = [];

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

  // Show `text` for `left` seconds: data-over once time is up, data-soon in the last
  // `soonWithin` seconds before (the styles colour them).
  function show(element, text, left, soonWithin) {
    element.textContent = text;
    element.dataset.over = left < 0 ? "1" : "";
    element.dataset.soon = left >= 0 && left <= soonWithin ? "1" : "";
  }

  // Run `callback` on every tick.
  function everySecond(callback) {
    ticks.push(callback);
  }

  function tickElements() {
    document.querySelectorAll("[data-countdown-to]").forEach((element) => {
      const paused = element.dataset.countdownPaused;
      if (paused !== undefined && paused !== "") {
        element.textContent = clock(Math.max(0, Number(paused)));
        return;
      }
      if (element.dataset.offset === undefined) {
        const source = element.closest("[data-server-now]");
        element.dataset.offset = offsetFrom(source ? source.dataset.serverNow : "");
      }
      const left = secondsLeft(element.dataset.countdownTo, Number(element.dataset.offset));
      show(element, clock(Math.max(0, left)), left, 15);
    });
  }

  window.samtaleCountdown = { offsetFrom, secondsLeft, clock, show, everySecond };

  ticks.push(tickElements);
  document.addEventListener("htmx:afterSwap", tickElements);
  document.addEventListener("DOMContentLoaded", tickElements);
  setInterval(() => ticks.forEach((callback) => callback()), 1000);
})();
