// Shows where the meeting is now, from the programme state the server sends:
// the current item with a countdown, what comes next, the break's restart time,
// the recording state and the latest announcement. The countdown runs here (countdown.js),
// from the item's end time and the server's clock; only changes travel over the network.
(function () {
  "use strict";
  const root = document.querySelector("[data-programme]");
  if (!root) return;
  const strings = JSON.parse(document.getElementById("programme-strings").textContent);
  let state = JSON.parse(document.getElementById("programme-state").textContent);
  let clockOffset = 0; // server time minus this device's time, in ms
  const countdown = window.samtaleCountdown;

  const $ = (name) => document.querySelectorAll(`[data-show="${name}"]`);
  const setText = (name, text) => $(name).forEach((element) => { element.textContent = text || ""; });
  const setHidden = (name, hidden) => $(name).forEach((element) => { element.hidden = hidden; });
  const format = (template, values) =>
    template.replace(/%\((\w+)\)s/g, (_match, key) => values[key] ?? "");

  function syncClock(serverNow) {
    const server = Date.parse(serverNow);
    if (!Number.isNaN(server)) clockOffset = server - Date.now();
  }

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
    const current = state.current;
    const next = state.next;
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
      setHidden("now-description", !current.description);
      fillList("now-speakers", current.speakers.map(speakerLine));
      fillList("now-questions", current.questions);
      const isBreak = current.kind === "break";
      setHidden("break", !isBreak);
      if (isBreak) setText("break", format(strings.resume_at, { time: current.ends_clock }));
      setText("now-ends", format(strings.ends_at, { time: current.ends_clock }));
    }

    setHidden("group-link", !(current && current.kind === "group_session" && state.status === "live"));
    setHidden("report", !(current && current.kind === "report_back" && state.status === "live"));

    setHidden("next", !next || state.status === "ended");
    if (next) {
      setText("next-title", next.title);
      setText("next-kind", strings.kinds[next.kind] || "");
      setText("next-time", next.planned_start ? format(strings.planned_at, { time: next.planned_start }) : "");
    }

    $("video-link").forEach((element) => {
      if (state.video_url) element.querySelector("a").href = state.video_url;
      element.hidden = !state.video_url;
    });

    $("recording").forEach((element) => {
      element.dataset.recording = state.recording ? "on" : "off";
      element.textContent = state.recording ? strings.recording_on : strings.recording_off;
    });

    const announcement = state.announcement;
    setHidden("announcement", !announcement);
    if (announcement) setText("announcement-text", announcement.text);

    $("item-status").forEach((element) => {
      const item = state.items.find((candidate) => String(candidate.id) === element.dataset.item);
      if (item) element.dataset.status = item.status;
    });
    tick();
  }

  function tick() {
    const current = state.current;
    if (!current || !current.ends_at || state.status !== "live") {
      setText("countdown", "");
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

  document.addEventListener("live:programme.state", (event) => {
    const incoming = event.detail;
    if (incoming.version < state.version) return; // an older frame overtaken by a newer one
    const changedItem = (incoming.current && incoming.current.id) !== (state.current && state.current.id);
    syncClock(incoming.server_now);
    state = incoming;
    render();
    if (changedItem) {
      const announcer = document.getElementById("programme-announcer");
      if (announcer && state.current) announcer.textContent = format(strings.now_running, { title: state.current.title });
    }
  });

  syncClock(state.server_now);
  render();
  countdown.everySecond(tick);
})();
