// The page's one live region (#announcer in common/base.html), which screen readers hear:
// samtale.announce(text) says what changed. The region stays on the page for its whole life;
// a live region that arrives inside swapped-in content is new to a screen reader and goes
// unheard, so regions that reload (the group panel, the help answers) only carry what to say:
//
//   <p data-announce-slot="turn" data-announce-key="12-3" data-announce="Speaking now: Kari.">
//
// After every swap, a slot whose key (or, without one, text) differs from the one the page
// last showed is said once; what the page showed when it loaded is not said.
(function () {
  "use strict";
  const region = document.getElementById("announcer");
  // Messages said within this many ms of each other are kept side by side in the region,
  // so a burst (the item changes and the group session starts) is heard whole; older ones
  // are taken out, which screen readers do not read.
  const TOGETHER = 1000;

  function announce(text) {
    if (!region || !text) return;
    const now = performance.now();
    Array.from(region.children).forEach((message) => {
      if (now - Number(message.dataset.at) > TOGETHER) message.remove();
    });
    // A new node every time: the same words as last time are still an addition, and heard.
    const message = document.createElement("p");
    message.dataset.at = String(now);
    message.textContent = text;
    region.append(message);
  }

  window.samtale = Object.assign(window.samtale || {}, { announce });

  const shown = new Map(); // slot -> the key it had when last seen

  function slotsOnPage() {
    const slots = new Map();
    document.querySelectorAll("[data-announce-slot]").forEach((element) => {
      slots.set(element.dataset.announceSlot, element);
    });
    return slots;
  }

  function sayWhatChanged(quietly) {
    const slots = slotsOnPage();
    slots.forEach((element, slot) => {
      const key = element.dataset.announceKey || element.dataset.announce;
      if (shown.get(slot) === key) return;
      shown.set(slot, key);
      if (!quietly) announce(element.dataset.announce);
    });
    // A slot that went away (the round moved on to dialogue) is said again when it returns.
    Array.from(shown.keys()).forEach((slot) => {
      if (!slots.has(slot)) shown.delete(slot);
    });
  }

  sayWhatChanged(true);
  document.addEventListener("htmx:afterSettle", () => sayWhatChanged(false));
})();
