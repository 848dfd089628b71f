// The report page's build region: progress from the worker arrives over the live socket
// ("report.state") and moves the bar; when a build is queued, finishes or fails, or the
// socket reconnects (events may have been missed), the region reloads from the server.
(function () {
  "use strict";
  const labelsElement = document.getElementById("report-step-labels");
  if (!labelsElement) return;
  const labels = JSON.parse(labelsElement.textContent);
  const buildButton = document.querySelector("[data-build-button]");

  function region() {
    return document.querySelector("[data-report-region]");
  }

  function reload() {
    const current = region();
    if (!current) return;
    htmx.ajax("GET", current.dataset.refreshUrl, { target: current, swap: "outerHTML" }).then(() => {
      const fresh = region();
      if (!buildButton || !fresh) return;
      buildButton.disabled = fresh.dataset.running === "1";
      if (fresh.dataset.published === "1") buildButton.textContent = buildButton.dataset.againLabel;
    });
  }

  function label(step, done, total) {
    const text = labels[step] || step;
    return text.replace("%(done)s", String(done)).replace("%(total)s", String(total));
  }

  document.addEventListener("live:report.state", (event) => {
    const data = event.detail;
    const current = region();
    if (!current) return;
    const running = data.status === "queued" || data.status === "running";
    // A build this region does not show yet, or one that has just ended: read it afresh.
    if (String(data.build) !== current.dataset.build || !running || current.dataset.running !== "1") {
      if (current.dataset.status !== data.status || String(data.build) !== current.dataset.build) {
        current.dataset.status = data.status;
        reload();
      }
      return;
    }
    current.dataset.status = data.status;
    const bar = current.querySelector("[data-progress-bar]");
    if (bar) {
      bar.value = data.percent;
      bar.textContent = data.percent + " %";
    }
    const text = current.querySelector("[data-progress-label]");
    if (text) text.textContent = label(data.status === "queued" ? "queued" : data.step, data.done, data.total);
    const format = current.querySelector("[data-progress-format]");
    if (format) format.textContent = data.format && labels[data.format] ? "· " + labels[data.format] : "";
  });

  document.addEventListener("live:live.resync", reload);
})();
