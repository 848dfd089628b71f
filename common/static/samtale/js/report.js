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
  const $ = (name) => stage.querySelector(`[data-report-${name}]`);

  function render() {
    if (!state) return;
    if (state.server_now) offset = Date.parse(state.server_now) - Date.now();
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
    const left = Math.round((Date.parse(state.current.ends_at) - (Date.now() + offset)) / 1000);
    const seconds = Math.abs(left);
    element.textContent = `${left < 0 ? "+" : ""}${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
    element.dataset.over = left < 0 ? "1" : "";
    element.dataset.soon = left >= 0 && left <= 15 ? "1" : "";
  }

  document.addEventListener("live:report.state", (event) => {
    if (event.detail.item !== itemId && !stage.hasAttribute("data-follow-any")) return;
    state = event.detail;
    stage.dataset.report = state.item;
    render();
  });
  setInterval(tick, 1000);
  render();
})();
