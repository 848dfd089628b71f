// Regions that reload themselves from the server when a live event says they changed:
// <div data-refresh-on="help.changed live.resync" data-refresh-url="...">.
// A region someone is typing in waits until they leave it, so no typed text is lost.
(function () {
  "use strict";
  const timers = new WeakMap();

  function busy(region) {
    const active = document.activeElement;
    return region.contains(active) && active.value !== undefined && active.value !== "";
  }

  function reload(region) {
    if (busy(region)) {
      region.addEventListener("focusout", () => schedule(region), { once: true });
      return;
    }
    htmx.ajax("GET", region.dataset.refreshUrl, { target: region, swap: "outerHTML" });
  }

  function schedule(region) {
    clearTimeout(timers.get(region));
    timers.set(region, setTimeout(() => reload(region), 120));
  }

  document.addEventListener("live:any", (event) => {
    const { type, data } = event.detail;
    const version = data && data.version;
    document.querySelectorAll("[data-refresh-on]").forEach((region) => {
      if (!region.dataset.refreshOn.split(" ").includes(type)) return;
      // A region rendered from this version or a newer one is already up to date.
      if (version !== undefined && Number(region.dataset.version) >= version) return;
      schedule(region);
    });
  });
})();
