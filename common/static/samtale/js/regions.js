// Regions that reload themselves from the server when a live event says they changed:
// <div data-refresh-on="help.stale live.resync" data-refresh-url="...">.
// A region someone is typing in waits until they leave it, so no typed text is lost.
(function () {
  "use strict";
  // A burst of events becomes one reload: after a quiet moment, but never later than
  // MAX_WAIT after the burst's first event, so a rush of joins cannot keep postponing it.
  const QUIET = 120; // ms
  const MAX_WAIT = 500; // ms
  // By refresh URL, not by element: a reload replaces the region's element.
  const pending = new Map(); // url -> {timer, first, loading, again}

  function busy(region) {
    const active = document.activeElement;
    return region.contains(active) && active.value !== undefined && active.value !== "";
  }

  function regionOf(url) {
    return Array.from(document.querySelectorAll("[data-refresh-url]"))
      .find((region) => region.dataset.refreshUrl === url);
  }

  function reload(url) {
    const state = pending.get(url);
    state.timer = null;
    state.first = null;
    const region = regionOf(url);
    if (!region) return;
    if (busy(region)) {
      region.addEventListener("focusout", () => schedule(url), { once: true });
      return;
    }
    state.loading = true;
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
    if (!pending.has(url)) pending.set(url, { timer: null, first: null, loading: false, again: false });
    const state = pending.get(url);
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

  document.addEventListener("live:any", (event) => {
    const { type, data } = event.detail;
    const version = data && data.version;
    document.querySelectorAll("[data-refresh-on]").forEach((region) => {
      if (!region.dataset.refreshOn.split(" ").includes(type)) return;
      // A region rendered from this version or a newer one is already up to date.
      if (version !== undefined && Number(region.dataset.version) >= version) return;
      schedule(region.dataset.refreshUrl);
    });
  });
})();
