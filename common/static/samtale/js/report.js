// Report-back: the presenting group's card, large, with a countdown and who is next, and,
// once every group chosen has reported, that the report-back is over.
// The card arrives as server-rendered HTML, the same for every screen.
// A stage that follows the programme (data-follow-any) moves with it: on a participant's
// page its [data-report-follow] wrapper shows while a report-back runs, whichever page they
// are on; on the projector ([data-projector]) it gives way to the programme's "now" panel
// ([data-report-elsewhere]) once the programme has moved past the report-back.
(function () {
  "use strict";
  const stage = document.querySelector("[data-report]");
  if (!stage) return;
  let itemId = Number(stage.dataset.report);
  const follows = stage.hasAttribute("data-follow-any");
  const shell = stage.closest("[data-report-follow]");
  const projector = document.querySelector("[data-projector]");
  const initial = document.getElementById("report-state");
  let state = initial ? JSON.parse(initial.textContent) : null;
  let programmeVersion = -1;
  let offset = 0;
  const countdown = window.samtaleCountdown;
  const $ = (name) => stage.querySelector(`[data-report-${name}]`);
  const say = (text) => { if (text && $("announcer").textContent !== text) $("announcer").textContent = text; };

  function render() {
    if (!state) return;
    if (state.server_now) offset = countdown.offsetFrom(state.server_now);
    const current = state.current;
    const finished = Boolean(state.finished) && !current;
    $("waiting").hidden = Boolean(current) || finished;
    $("finished").hidden = !finished;
    $("group").textContent = current ? current.group : "";
    const card = $("card");
    if (current && current.html) {
      const template = document.createElement("template");
      template.innerHTML = current.html.trim();
      template.content.querySelectorAll("details").forEach((element) => element.remove());
      card.replaceChildren(template.content);
    } else if (current) {
      card.textContent = $("empty").content.textContent;
    } else {
      card.replaceChildren();
    }
    $("next-line").hidden = !state.next;
    $("next").textContent = state.next || "";
    if (current) say(current.group);
    else if (finished) say($("finished").textContent.trim());
    tick();
  }

  function tick() {
    const element = $("countdown");
    if (!state || !state.current) { countdown.clear(element); return; }
    const left = countdown.secondsLeft(state.current.ends_at, offset);
    countdown.show(element, `${left < 0 ? "+" : ""}${countdown.clock(left)}`, left, 15);
  }

  // A report-back the programme has moved to, before its own state arrives (it follows
  // the programme's frame): nobody presents yet.
  function follow(id, serverNow) {
    if (id === itemId) return;
    itemId = id;
    stage.dataset.report = id;
    state = { item: id, server_now: serverNow, current: null, next: null, left: 0, finished: false };
    render();
  }

  // The projector: the stage while its report-back runs or is still to come, else the
  // programme's "now" panel; the title says which.
  function showOnProjector(reportBack, programme) {
    const followed = programme.items.find((item) => item.id === itemId);
    const onStage = Boolean(reportBack) || Boolean(followed && followed.status === "pending");
    projector.querySelectorAll("[data-report-follow]").forEach((element) => { element.hidden = !onStage; });
    projector.querySelectorAll("[data-report-elsewhere]").forEach((element) => { element.hidden = onStage; });
    // The report-back's title over its stage, the meeting's over the "now" panel.
    const head = projector.querySelector("[data-projector-title]");
    const title = head.querySelector("h1");
    const own = !reportBack || reportBack.id === Number(head.dataset.item);
    const text = !onStage ? head.dataset.elsewhereTitle : own ? head.dataset.ownTitle : reportBack.title;
    if (title.textContent === text) return;
    title.textContent = text;
    // The page's own item keeps the language it is marked with; the others are in the page's.
    if (onStage && own && head.dataset.ownLang) title.lang = head.dataset.ownLang;
    else title.removeAttribute("lang");
  }

  document.addEventListener("live:programme.state", (event) => {
    if (!follows) return;
    const programme = event.detail;
    if (programme.version < programmeVersion) return; // overtaken by a newer frame
    programmeVersion = programme.version;
    const current = programme.current;
    const reportBack = current && current.kind === "report_back" && programme.status === "live"
      ? current : null;
    if (reportBack) follow(reportBack.id, programme.server_now);
    if (projector) showOnProjector(reportBack, programme);
    else if (shell) shell.hidden = !reportBack;
  });

  document.addEventListener("live:reportback.state", (event) => {
    if (event.detail.item !== itemId) return;
    state = event.detail;
    render();
  });
  countdown.everySecond(tick);
  render();
})();
