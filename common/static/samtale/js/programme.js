// Shows where the meeting is now, from the programme state the server sends:
// the current item with a countdown, what comes next, the break's restart time,
// the recording state and the latest announcement. The countdown runs here (countdown.js),
// from the item's end time and the server's clock; only changes travel over the network.
// The page's live region (announce.js) says when the item changes, the group session starts
// and the meeting ends; nothing else is written unless its text changes, so a region that
// screen readers hear (the recording, the announcement) speaks once per change.
// An item is shown in the page's written form when the facilitator has read that version
// through (the state's `other`), else as written; either way the item's words carry their
// `lang` where it is not the page's, so that a screen reader reads them with the right voice.
(function () {
  "use strict";
  const root = document.querySelector("[data-programme]");
  if (!root) return;
  const strings = JSON.parse(document.getElementById("programme-strings").textContent);
  let state = JSON.parse(document.getElementById("programme-state").textContent);
  let clockOffset = 0; // server time minus this device's time, in ms
  const countdown = window.samtaleCountdown;

  const $ = (name) => document.querySelectorAll(`[data-show="${name}"]`);
  const write = (element, text) => { if (element.textContent !== text) element.textContent = text; };
  const setText = (name, text) => $(name).forEach((element) => write(element, text || ""));
  const setHidden = (name, hidden) => $(name).forEach((element) => { element.hidden = hidden; });
  const pageLang = (document.documentElement.lang || "").split("-")[0];
  const format = (template, values) =>
    template.replace(/%\((\w+)\)s/g, (_match, key) => values[key] ?? "");

  function syncClock(serverNow) {
    const server = Date.parse(serverNow);
    if (!Number.isNaN(server)) clockOffset = server - Date.now();
  }

  // The item as this page reads it: in the other written form when that is the page's.
  function readable(item) {
    if (!item) return item;
    const other = item.other;
    if (!other || other.lang !== pageLang) return item;
    return { ...item, lang: other.lang, title: other.title, description: other.description, questions: other.questions };
  }

  const setLang = (name, lang) => $(name).forEach((element) => {
    if (lang && lang !== pageLang) {
      if (element.lang !== lang) element.lang = lang;
    } else if (element.hasAttribute("lang")) {
      element.removeAttribute("lang");
    }
  });

  function speakerLine(speaker) {
    return [speaker.name, speaker.role, speaker.organisation].filter(Boolean).join(", ");
  }

  function fillList(name, items) {
    $(name).forEach((list) => {
      list.replaceChildren(...items.map((text) => {
        const li = document.createElement("li");
        li.textContent = text;
        return li;
      }));
      list.hidden = items.length === 0;
    });
  }

  function render() {
    const current = readable(state.current);
    const next = readable(state.next);
    root.dataset.status = state.status;
    root.dataset.kind = current ? current.kind : "";

    let headline = "";
    if (state.status === "draft") headline = strings.not_started;
    else if (state.status === "ended") headline = strings.ended;
    else if (!current) headline = strings.nothing_running;
    setText("status-line", headline);
    setHidden("status-line", !headline);

    setHidden("now", !current);
    if (current) {
      setText("now-kind", strings.kinds[current.kind] || "");
      setText("now-title", current.title);
      setText("now-description", current.description);
      ["now-title", "now-description", "now-questions"].forEach((name) => setLang(name, current.lang));
      setHidden("now-description", !current.description);
      fillList("now-speakers", current.speakers.map(speakerLine));
      fillList("now-questions", current.questions);
      const isBreak = current.kind === "break";
      setHidden("break", !isBreak);
      if (isBreak) setText("break", format(strings.resume_at, { time: current.ends_clock }));
      // A break says once when we start again (the banner), not again as when it ends.
      setText("now-ends", format(strings.ends_at, { time: current.ends_clock }));
      setHidden("now-ends", isBreak || !current.ends_clock);
    }

    setHidden("group-link", !(current && current.kind === "group_session" && state.status === "live"));

    setHidden("next", !next || state.status === "ended");
    setHidden("material", state.status !== "ended");
    if (next) {
      setText("next-title", next.title);
      setLang("next-title", next.lang);
      setText("next-kind", strings.kinds[next.kind] || "");
      // Running late, the next item starts when this one ends, not when it was planned.
      let when = "";
      if (state.next_expected) {
        when = format(strings.expected_at, { time: state.next_expected, planned: next.planned_start });
      } else if (next.planned_start) {
        when = format(strings.planned_at, { time: next.planned_start });
      }
      setText("next-time", when);
    }

    $("video-link").forEach((element) => {
      if (state.video_url) element.querySelector("a").href = state.video_url;
      element.hidden = !state.video_url;
    });

    $("recording").forEach((element) => {
      element.dataset.recording = state.recording ? "on" : "off";
      write(element, state.recording ? strings.recording_on : strings.recording_off);
    });

    const announcement = state.announcement;
    setHidden("announcement", !announcement);
    if (announcement) setText("announcement-text", announcement.text);

    $("item-status").forEach((element) => {
      const item = state.items.find((candidate) => String(candidate.id) === element.dataset.item);
      if (item) element.dataset.status = item.status;
    });
    // What belongs to an item while it has yet to finish ([data-while-item]: a group's
    // round), and what says it is over ([data-after-item]): the group page of a session
    // the programme has moved past says so, without a reload.
    document.querySelectorAll("[data-while-item], [data-after-item]").forEach((element) => {
      const id = element.dataset.whileItem || element.dataset.afterItem;
      const item = state.items.find((candidate) => String(candidate.id) === id);
      const over = Boolean(item) && (item.status === "done" || item.status === "skipped");
      element.hidden = element.hasAttribute("data-while-item") ? over : !over;
    });
    tick();
  }

  function tick() {
    const current = state.current;
    if (!current || !current.ends_at || state.status !== "live") {
      $("countdown").forEach(countdown.clear);
      setHidden("session-warning", true);
      return;
    }
    const left = countdown.secondsLeft(current.ends_at, clockOffset);
    // Every group hears it two minutes before the session ends.
    setHidden("session-warning", !(current.kind === "group_session" && left <= 120));
    const clock = countdown.clock(left);
    const text = left < 0 ? format(strings.over_time, { time: clock }) : clock;
    $("countdown").forEach((element) => countdown.show(element, text, left, 60));
  }

  const inGroupSession = (programme) =>
    Boolean(programme.current && programme.current.kind === "group_session" && programme.status === "live");

  // What changed from `before` to the state now, said once: a frame that repeats the state
  // (the snapshot after a reconnect) changes nothing and says nothing.
  function announceChanges(before) {
    const say = window.samtale ? window.samtale.announce : () => {};
    const itemNow = state.current && state.current.id;
    if (itemNow && itemNow !== (before.current && before.current.id)) {
      say(format(strings.now_running, { title: readable(state.current).title }));
    }
    if (inGroupSession(state) && !inGroupSession(before)) {
      // Only where the way to the group is offered (not on the group's own page).
      const link = $("group-link")[0];
      if (link) say(link.dataset.announce);
    }
    if (state.status === "ended" && before.status !== "ended") say(strings.ended);
  }

  document.addEventListener("live:programme.state", (event) => {
    const incoming = event.detail;
    if (incoming.version < state.version) return; // an older frame overtaken by a newer one
    const before = state;
    syncClock(incoming.server_now);
    state = incoming;
    render();
    announceChanges(before);
  });

  syncClock(state.server_now);
  render();
  countdown.everySecond(tick);
})();
