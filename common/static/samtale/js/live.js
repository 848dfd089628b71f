// The meeting's live socket: connects, reconnects with backoff, and turns each frame
// into a DOM event "live:<type>" on document (and "live:any" with {type, data}). After a reconnect it fires "live:live.resync",
// so every region reloads what it may have missed.
(function () {
  "use strict";
  const root = document.querySelector("[data-live-code]");
  if (!root) return;
  const code = root.dataset.liveCode;
  const status = document.querySelector("[data-live-status]");
  let attempts = 0;
  let connectedBefore = false;
  let pingTimer = null;

  function emit(type, data) {
    document.dispatchEvent(new CustomEvent("live:" + type, { detail: data }));
    document.dispatchEvent(new CustomEvent("live:any", { detail: { type, data } }));
  }

  function setStatus(state) {
    document.documentElement.dataset.live = state;
    if (!status) return;
    status.dataset.state = state;
    status.textContent = status.dataset[state] || "";
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${location.host}/ws/meetings/${code}/`);
    setStatus(connectedBefore ? "reconnecting" : "connecting");

    socket.addEventListener("open", () => {
      attempts = 0;
      setStatus("online");
      if (connectedBefore) emit("live.resync", null);
      connectedBefore = true;
      pingTimer = setInterval(() => {
        if (socket.readyState === WebSocket.OPEN) socket.send('{"type":"ping"}');
      }, 25000);
    });

    socket.addEventListener("message", (event) => {
      const frame = JSON.parse(event.data);
      // Events of one tick for the same audience arrive together, in order.
      const frames = frame.type === "live.batch" ? frame.data : [frame];
      for (const each of frames) {
        if (each.type === "live.resync") {
          socket.close(); // reconnecting brings a fresh snapshot
          return;
        }
        emit(each.type, each.data);
      }
    });

    socket.addEventListener("close", (event) => {
      clearInterval(pingTimer);
      if (event.code === 4403) {
        setStatus("forbidden");
        return;
      }
      setStatus("reconnecting");
      const delay = Math.min(8000, 300 * 2 ** attempts) * (0.6 + Math.random() * 0.4);
      attempts += 1;
      setTimeout(connect, delay);
    });
  }

  connect();
})();
