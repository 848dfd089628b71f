// The facilitator's groups page at any size, without reloading it: a group's members are
// fetched when it is first opened, the search asks the server as one types, and a move or
// a swap (by the member's own form, or by dragging a member onto another group) answers
// with the groups it changed, which are put in place. A live `groups.stale` naming one
// group fetches that group alone. Without this script every form and link still works.
(function () {
  "use strict";
  const ASKED = { "X-Samtale-Groups": "1" };
  const SEARCH_PAUSE = 250; // ms of no typing before the search asks
  const LIVE_PAUSE = 150; // ms: a burst of changes becomes one fetch

  const overview = () => document.getElementById("group-overview");
  const answerBox = () => document.getElementById("move-answer");

  function appliedQuery() {
    const region = overview();
    return region ? new URL(region.dataset.refreshUrl, location.href).searchParams.get("q") : null;
  }

  function groupsUrl(ids) {
    const url = new URL(overview().dataset.groupsUrl, location.href);
    url.searchParams.set("groups", ids.join(","));
    const query = appliedQuery();
    if (query) url.searchParams.set("q", query);
    return url;
  }

  function get(url) {
    return fetch(url, { credentials: "same-origin", headers: ASKED });
  }

  // Put each group of `html` in place of the one with its id. `keepOpen`: a group stays
  // open or closed as it was (a live change); else it comes as the server sent it (open,
  // to show whom a move brought). Focus in a replaced group moves to the same control in
  // the new one (the moved person's own form follows them), else to the answer.
  function place(html, { keepOpen }) {
    const template = document.createElement("template");
    template.innerHTML = html;
    const active = document.activeElement;
    const focusKey = active && active.dataset ? active.dataset.focusKey : null;
    let focusLost = false;
    template.content.querySelectorAll("li.group-item").forEach((fresh) => {
      const old = document.getElementById(fresh.id);
      if (!old) return; // not on this page (the search leaves it out)
      if (keepOpen) fresh.querySelector("details").open = old.querySelector("details").open;
      if (old.contains(active)) focusLost = true;
      old.replaceWith(fresh);
    });
    const message = template.content.querySelector("[data-move-message]");
    if (message) answerBox().replaceChildren(message);
    if (!focusLost) return;
    const again = focusKey && document.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`);
    (again || answerBox()).focus();
  }

  async function send(form) {
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: ASKED,
      });
    } catch (error) {
      form.submit(); // no answer: the plain form does it
      return;
    }
    const html = await response.text();
    const answer = answerBox();
    if (response.status === 409) {
      // Full: whom to swap with instead.
      answer.innerHTML = html;
      answer.querySelector("button").focus();
    } else if (response.ok || response.status === 400) {
      answer.replaceChildren();
      place(html, { keepOpen: false });
      if (response.status === 400) answer.querySelector("[data-move-message]")?.classList.replace("message--success", "message--error");
    } else {
      form.submit();
    }
  }

  document.addEventListener("submit", (event) => {
    const form = event.target.closest("form[data-move-form], form[data-swap-form]");
    if (!form || !overview()) return;
    event.preventDefault();
    send(form);
  });

  document.addEventListener("click", (event) => {
    const cancel = event.target.closest("[data-swap-cancel]");
    if (cancel && answerBox()) {
      event.preventDefault();
      answerBox().replaceChildren();
      return;
    }
    const more = event.target.closest("[data-open-group]");
    if (more) {
      event.preventDefault();
      loadMembers(more.closest("li.group-item"));
    }
  });

  // --- Opening a group: its members come when it is first opened ------------------------

  async function loadMembers(item) {
    if (!item || !item.querySelector("[data-open-group]") || item.dataset.loading) return;
    item.dataset.loading = "1";
    try {
      const response = await get(groupsUrl([item.id.slice("group-".length)]));
      if (response.ok) place(await response.text(), { keepOpen: false });
    } finally {
      delete item.dataset.loading;
    }
  }

  // `toggle` does not bubble: listened for on the way down.
  document.addEventListener("toggle", (event) => {
    const details = event.target;
    if (details.tagName === "DETAILS" && details.open) loadMembers(details.closest("li.group-item"));
  }, true);

  // --- Drag and drop ----------------------------------------------------------------------
  let dragged = null;

  document.addEventListener("dragstart", (event) => {
    const member = event.target.closest && event.target.closest("[data-membership]");
    if (!member) return;
    dragged = member;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", member.dataset.membership);
  });

  document.addEventListener("dragend", () => {
    dragged = null;
    document.querySelectorAll(".group-item--target").forEach((el) => el.classList.remove("group-item--target"));
  });

  document.addEventListener("dragover", (event) => {
    const target = dragged && event.target.closest("[data-drop-group]");
    if (!target) return;
    event.preventDefault();
    document.querySelectorAll(".group-item--target").forEach((el) => el !== target && el.classList.remove("group-item--target"));
    target.classList.add("group-item--target");
  });

  document.addEventListener("drop", (event) => {
    const target = event.target.closest("[data-drop-group]");
    if (!dragged || !target) return;
    event.preventDefault();
    target.classList.remove("group-item--target");
    const form = dragged.querySelector("form[data-move-form]");
    dragged = null;
    if (target.contains(form)) return; // dropped on its own group
    form.querySelector("[name=group]").value = target.dataset.dropGroup;
    send(form);
  });

  // --- Search -----------------------------------------------------------------------------
  let searchTimer = null;
  let searching = null;

  async function search(form) {
    const region = overview();
    const query = form.querySelector("[name=q]").value.trim();
    if (query === (appliedQuery() || "")) return; // shown already: the open groups stay
    const url = new URL(region.dataset.groupsUrl, location.href);
    if (query) url.searchParams.set("q", query);
    if (searching) searching.abort();
    searching = new AbortController();
    let html;
    try {
      const response = await fetch(url, { credentials: "same-origin", signal: searching.signal });
      if (!response.ok) return;
      html = await response.text();
    } catch (error) {
      return; // replaced by a newer search, or offline: the page stays as it is
    }
    const template = document.createElement("template");
    template.innerHTML = html;
    const fresh = template.content.getElementById("group-overview");
    // Everything but the head, where the search field keeps its focus and caret.
    Array.from(region.children).forEach((child) => {
      if (!child.classList.contains("group-overview__head")) child.remove();
    });
    Array.from(fresh.children).forEach((child) => {
      if (!child.classList.contains("group-overview__head")) region.appendChild(child);
    });
    region.dataset.refreshUrl = fresh.dataset.refreshUrl;
    const page = new URL(location.href);
    if (query) page.searchParams.set("q", query);
    else page.searchParams.delete("q");
    page.searchParams.delete("open");
    history.replaceState(history.state, "", page);
  }

  document.addEventListener("submit", (event) => {
    const form = event.target.closest("form[data-group-search]");
    if (!form) return;
    event.preventDefault();
    clearTimeout(searchTimer);
    search(form);
  });

  document.addEventListener("input", (event) => {
    const form = event.target.closest("form[data-group-search]");
    if (!form) return;
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => search(form), SEARCH_PAUSE);
  });

  document.addEventListener("click", (event) => {
    const clear = event.target.closest("[data-search-clear]");
    const form = document.querySelector("form[data-group-search]");
    if (!clear || !form) return;
    event.preventDefault();
    clearTimeout(searchTimer);
    form.querySelector("[name=q]").value = "";
    search(form);
  });

  // --- A whole reload (groups formed, the waiting list) keeps the groups that were open ----
  let openBefore = [];

  document.addEventListener("htmx:beforeSwap", (event) => {
    if (event.detail.target && event.detail.target.id === "group-overview") {
      openBefore = Array.from(document.querySelectorAll("#group-overview li.group-item > details[open]"))
        .map((details) => details.parentElement.id);
    }
  });

  document.addEventListener("htmx:afterSwap", (event) => {
    if (event.target.id !== "group-overview" || !openBefore.length) return;
    const closed = openBefore
      .map((id) => document.getElementById(id))
      .filter((item) => item && item.querySelector("[data-open-group]"));
    openBefore = [];
    if (!closed.length) return;
    // One fetch for them all, not one per group as opening each would ask.
    closed.forEach((item) => {
      item.dataset.loading = "1";
      item.querySelector("details").open = true;
    });
    get(groupsUrl(closed.map((item) => item.id.slice("group-".length))))
      .then((response) => (response.ok ? response.text() : ""))
      .then((html) => html && place(html, { keepOpen: false }))
      .catch(() => { /* they open again when clicked */ })
      .finally(() => closed.forEach((item) => delete item.dataset.loading));
  });

  // --- Live: another facilitator's move, a round, a card ------------------------------------
  // A `groups.stale` without a group reloads the whole overview (regions.js).
  const stale = new Set();
  let liveTimer = null;

  function busy(item) {
    const active = document.activeElement;
    return item.contains(active) && active.tagName === "INPUT";
  }

  async function refreshStale() {
    const ids = [];
    stale.forEach((id) => {
      const item = document.getElementById("group-" + id);
      if (!item) return;
      if (busy(item)) {
        // Someone is typing a group number there: it waits until they leave it.
        item.addEventListener("focusout", () => { stale.add(id); schedule(); }, { once: true });
      } else {
        ids.push(id);
      }
    });
    stale.clear();
    if (!ids.length) return;
    try {
      const response = await get(groupsUrl(ids));
      if (response.ok) place(await response.text(), { keepOpen: true });
    } catch (error) {
      /* the next event, or the resync, brings it */
    }
  }

  function schedule() {
    clearTimeout(liveTimer);
    liveTimer = setTimeout(refreshStale, LIVE_PAUSE);
  }

  document.addEventListener("live:groups.stale", (event) => {
    const data = event.detail || {};
    if (!overview()) return;
    if (data.group === undefined) {
      // The whole overview reloads (regions.js): the groups of the same burst come with it.
      stale.clear();
      clearTimeout(liveTimer);
      return;
    }
    if (!document.getElementById("group-" + data.group)) return; // not shown here
    stale.add(data.group);
    schedule();
  });
})();
