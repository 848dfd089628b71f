// The help channel's signal on a facilitator page (helpdesk/_signal.html): the count of
// open questions reloads itself on help.stale (regions.js) and the page's live region says
// the new count (announce.js). Here: a short, quiet chime when a new question has come in,
// and the switch that turns it off, remembered in this browser (localStorage).
// The chime is made with the Web Audio API, no file. Browsers let a page make sound only
// after the person has pressed or clicked something on it, so until then there is none,
// and no sound is tried: no audio context is made before it can play. With the meeting's
// pages open in several tabs, one of them chimes, not each.
(function () {
  "use strict";
  const signal = document.querySelector("[data-help-signal]");
  if (!signal) return;
  const STORED = "samtale.help-sound";
  // The newest question a tab of this browser has chimed for, per meeting.
  const CHIMED = `samtale.help-chimed:${signal.dataset.helpMeeting}`;
  const toggle = signal.querySelector("[data-help-sound]");
  let audio = null;
  let activated = false;

  const latestOnPage = () => {
    const count = document.getElementById("help-signal");
    return count ? Number(count.dataset.helpLatest) || 0 : 0;
  };
  let latestHeard = latestOnPage();

  function soundOn() {
    try {
      return localStorage.getItem(STORED) !== "off";
    } catch (error) {
      return true; // storage refused (private mode): the default, on
    }
  }

  function showSwitch() {
    toggle.hidden = false; // of use only with this script
    toggle.setAttribute("aria-pressed", soundOn() ? "true" : "false");
  }

  // Two soft notes going up, a fifth apart, under half a second.
  function chime() {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    if (!audio) audio = new Context();
    if (audio.state === "suspended") audio.resume().catch(() => {});
    const start = audio.currentTime + 0.02;
    [[659.25, 0], [987.77, 0.16]].forEach(([frequency, delay]) => {
      const tone = audio.createOscillator();
      const volume = audio.createGain();
      tone.type = "sine";
      tone.frequency.value = frequency;
      volume.gain.setValueAtTime(0.0001, start + delay);
      volume.gain.exponentialRampToValueAtTime(0.12, start + delay + 0.02);
      volume.gain.exponentialRampToValueAtTime(0.0001, start + delay + 0.3);
      tone.connect(volume).connect(audio.destination);
      tone.start(start + delay);
      tone.stop(start + delay + 0.32);
    });
  }

  // The tabs take turns (a lock), so that only the first to hear a question chimes for it.
  function chimeOnce(latest) {
    const turn = () => {
      try {
        if (Number(localStorage.getItem(CHIMED)) >= latest) return;
        localStorage.setItem(CHIMED, String(latest));
      } catch (error) {
        /* storage refused: this tab chimes by itself */
      }
      chime();
    };
    if (navigator.locks) navigator.locks.request(CHIMED, turn).catch(() => {});
    else turn();
  }

  toggle.addEventListener("click", () => {
    const on = !soundOn();
    try {
      localStorage.setItem(STORED, on ? "on" : "off");
    } catch (error) {
      /* not remembered, but switched for this page */
    }
    showSwitch();
  });

  // The same switch on the meeting's other pages, in other tabs, follows.
  window.addEventListener("storage", (event) => {
    if (event.key === STORED) showSwitch();
  });

  // What a browser counts as the person acting on the page (Escape does not count).
  function acted(event) {
    if (!event.isTrusted || event.key === "Escape") return;
    activated = true;
    document.removeEventListener("pointerdown", acted, true);
    document.removeEventListener("keydown", acted, true);
  }
  document.addEventListener("pointerdown", acted, true);
  document.addEventListener("keydown", acted, true);

  document.addEventListener("htmx:afterSwap", () => {
    const latest = latestOnPage();
    if (latest <= latestHeard) return; // answered or solved, or a reload of the same
    latestHeard = latest;
    if (soundOn() && activated) chimeOnce(latest);
  });

  showSwitch();
})();
