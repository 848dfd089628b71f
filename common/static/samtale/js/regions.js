// Regions that reload themselves from the server when a live event says they changed:
// <div data-refresh-on="help.stale live.resync" data-refresh-url="...">, and with
// data-refresh-partial="group", not for an event that names one group.
// A region someone is typing in waits until they leave it, so no typed text is lost, and
// one whose own form is posting waits for its answer (below).
(function () {
  "use strict";
  // A burst of events becomes one reload: after a quiet moment, but never later than
  // MAX_WAIT after the burst's first event, so a rush of joins cannot keep postponing it.
  const QUIET = 120; // ms
  const MAX_WAIT = 500; // ms
  // By refresh URL, not by element: a reload replaces the region's element.
  const pending = new Map(); // url -> the state below

  function stateOf(url) {
    if (!pending.has(url)) {
      pending.set(url, {
        timer: null, first: null, loading: false, again: false,
        actions: 0, inFlight: new Set(), actionsAtReload: 0, afterAction: false,
      });
    }
    return pending.get(url);
  }

  function busy(region) {
    const active = document.activeElement;
    return region.contains(active) && active.value !== undefined && active.value !== "";
  }

  function regionOf(url) {
    return Array.from(document.querySelectorAll("[data-refresh-url]"))
      .find((region) => region.dataset.refreshUrl === url);
  }

  function reload(url) {
    const state = stateOf(url);
    state.timer = null;
    state.first = null;
    const region = regionOf(url);
    if (!region) return;
    if (busy(region)) {
      region.addEventListener("focusout", () => schedule(url), { once: true });
      return;
    }
    if (actionsOnTheirWay(state)) {
      state.afterAction = true;
      return;
    }
    state.loading = true;
    state.actionsAtReload = state.actions;
    // The region is the request's source, so each region's reload is its own and none
    // waits in (or is dropped from) a queue shared with the others.
    htmx.ajax("GET", url, { source: region, target: region, swap: "outerHTML" })
      .catch(() => { /* the next event or resync reloads it */ })
      .finally(() => {
        state.loading = false;
        if (state.again) {
          state.again = false;
          schedule(url);
        }
      });
  }

  function schedule(url) {
    const state = stateOf(url);
    const now = performance.now();
    if (state.first === null) state.first = now;
    if (state.loading) {
      // What the reload on its way may have missed comes with the next, into the new region.
      state.again = true;
      return;
    }
    clearTimeout(state.timer);
    state.timer = setTimeout(() => reload(url), Math.min(QUIET, state.first + MAX_WAIT - now));
  }

  // A region's own forms (hx-post into the region: "Next speaker", "I'll take it") answer
  // with the region as it is after the action. A reload sent before that answer may have
  // been rendered before the action and would put the old state back for a moment, where a
  // quick second press acts on it: a reload waits while an action is on its way, and one
  // answered after an action was sent is dropped for a fresh one.
  function actionOn(event) {
    const { elt, target } = event.detail;
    if (!target || !target.dataset || !target.dataset.refreshUrl || elt === target) return null;
    return stateOf(target.dataset.refreshUrl);
  }

  // By request: an action whose form was swapped out before it failed tells no one, but its
  // request is done all the same.
  function actionsOnTheirWay(state) {
    state.inFlight.forEach((xhr) => {
      if (xhr.readyState === XMLHttpRequest.DONE) state.inFlight.delete(xhr);
    });
    return state.inFlight.size > 0;
  }

  document.addEventListener("htmx:beforeSend", (event) => {
    const state = actionOn(event);
    if (!state) return;
    state.actions += 1;
    state.inFlight.add(event.detail.xhr);
  });

  document.addEventListener("htmx:afterRequest", (event) => {
    const state = actionOn(event);
    if (!state) return;
    state.inFlight.delete(event.detail.xhr);
    if (!actionsOnTheirWay(state) && state.afterAction) {
      state.afterAction = false;
      schedule(event.detail.target.dataset.refreshUrl);
    }
  });

  document.addEventListener("htmx:beforeSwap", (event) => {
    const { elt, target } = event.detail;
    // A reload's source is the region itself.
    if (!target || elt !== target || !target.dataset || !target.dataset.refreshUrl) return;
    const state = stateOf(target.dataset.refreshUrl);
    if (state.actions !== state.actionsAtReload) {
      event.detail.shouldSwap = false;
      state.again = true;
    }
  });

  // Focus survives a swap. A region replaced while one of its controls has focus (the
  // control's own form posted, or a live event reloaded it) would drop focus to the page's
  // start; the control with the same data-focus-key in the new region takes it instead, so
  // a keyboard user presses the same button again without moving. When that control is
  // gone, the first of its data-focus-then keys that is there, else the region's
  // [data-focus-fallback] element.
  const refocus = new Map(); // region id -> the keys to try, in order

  document.addEventListener("htmx:beforeSwap", (event) => {
    const target = event.detail.target;
    const active = document.activeElement;
    if (!target || !target.id) return;
    refocus.delete(target.id);
    if (!event.detail.shouldSwap || !active || active === target || !target.contains(active)) return;
    const keys = [active.dataset.focusKey, ...(active.dataset.focusThen || "").split(" ")];
    refocus.set(target.id, keys.filter(Boolean));
  });

  // Fired on what was swapped in: the new region (outerHTML) or the region itself, in the
  // same task as the swap, so no key pressed in between lands on the page's body.
  document.addEventListener("htmx:afterSwap", (event) => {
    const region = event.target;
    const keys = region.id && refocus.get(region.id);
    if (!keys) return;
    refocus.delete(region.id);
    // htmx wires the new controls up only when the swap settles, a moment later; an Enter
    // on one before that would post its form as a whole page. Wiring is done once per
    // element, so doing it now changes nothing then.
    htmx.process(region);
    const active = document.activeElement;
    // Focus that is still somewhere (htmx kept an element with an id, or the user moved)
    // stays where it is.
    if (active && active !== document.body && active.isConnected) return;
    const found = keys
      .map((key) => region.querySelector(`[data-focus-key="${CSS.escape(key)}"]`))
      .find(Boolean);
    const next = found || region.querySelector("[data-focus-fallback]");
    if (next) next.focus();
  });

  document.addEventListener("live:any", (event) => {
    const { type, data } = event.detail;
    const version = data && data.version;
    document.querySelectorAll("[data-refresh-on]").forEach((region) => {
      if (!region.dataset.refreshOn.split(" ").includes(type)) return;
      // An event that names one part of the region (data-refresh-partial="group") is the
      // page's own script's to fetch (move.js): the whole region does not reload.
      const partial = region.dataset.refreshPartial;
      if (partial && data && data[partial] !== undefined) return;
      // A region rendered from this version or a newer one is already up to date.
      if (version !== undefined && Number(region.dataset.version) >= version) return;
      schedule(region.dataset.refreshUrl);
    });
  });
})();
