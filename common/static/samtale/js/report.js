// Report-back: the presenting group's card, large, with a countdown and who is next.
// The card arrives as server-rendered HTML, the same for every screen.
(function () {
  "use strict";
  const stage = document.querySelector("[data-report]");
  if (!stage) return;
  const itemId = Number(stage.dataset.report);
  const initial = document.getElementById("report-state");
  let state = initial ? JSON.parse(initial.textContent) : null;
  let offset = 0;
  const countdown = window.samtaleCountdown;
  const $ = (name) => stage.querySelector(`[data-report-${name}]`);

  function render() {
    if (!state) return;
    if (state.server_now) offset = countdown.offsetFrom(state.server_now);
    const current = state.current;
    $("waiting").hidden = Boolean(current);
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
    if (current) $("announcer").textContent = current.group;
    tick();
  }

  function tick() {
    const element = $("countdown");
    if (!state || !state.current) { element.textContent = ""; return; }
    const left = countdown.secondsLeft(state.current.ends_at, offset);
    countdown.show(element, `${left < 0 ? "+" : ""}${countdown.clock(left)}`, left, 15);
  }

  document.addEventListener("live:reportback.state", (event) => {
    if (event.detail.item !== itemId && !stage.hasAttribute("data-follow-any")) return;
    state = event.detail;
    stage.dataset.report = state.item;
    render();
  });
  countdown.everySecond(tick);
  render();
})();
