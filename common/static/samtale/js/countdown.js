// Counts down every [data-countdown-to] on the page from the server's clock: the region
// carries data-server-now from when it was rendered. A paused timer shows its seconds left.
(function () {
  "use strict";

  function format(seconds) {
    const whole = Math.max(0, Math.round(seconds));
    return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
  }

  function tick() {
    document.querySelectorAll("[data-countdown-to]").forEach((element) => {
      const paused = element.dataset.countdownPaused;
      if (paused !== undefined && paused !== "") {
        element.textContent = format(Number(paused));
        return;
      }
      if (element.dataset.offset === undefined) {
        const source = element.closest("[data-server-now]");
        const serverNow = source ? Date.parse(source.dataset.serverNow) : NaN;
        element.dataset.offset = Number.isNaN(serverNow) ? 0 : serverNow - Date.now();
      }
      const left = (Date.parse(element.dataset.countdownTo) - (Date.now() + Number(element.dataset.offset))) / 1000;
      element.textContent = format(left);
      element.dataset.over = left <= 0 ? "1" : "";
      element.dataset.soon = left > 0 && left <= 15 ? "1" : "";
    });
  }

  document.addEventListener("htmx:afterSwap", tick);
  document.addEventListener("DOMContentLoaded", tick);
  setInterval(tick, 1000);
})();
