// The meeting's live socket: connects, reconnects with backoff, and turns each frame
// into a DOM event "live:<type>" on document (and "live:any" with {type, data}); the types
// are those of live/events.py. After a reconnect it fires "live:live.resync", so every
// region reloads what it may have missed.
// A page joins the audiences its elements name in data-live-join (a card's editors).
// samtaleLive.request(type, data) asks the server over the socket (live/requests.py) and
// resolves with {status, body} as an HTTP answer would; it rejects when the socket is not
// open or closes first, so the caller can try HTTP instead.
(function () {
  "use strict";
  const root = document.querySelector("[data-live-code]");
  if (!root) return;
  const code = root.dataset.liveCode;
  const status = document.querySelector("[data-live-status]");
  let attempts = 0;
  let connectedBefore = false;
  let pingTimer = null;
  let current = null;
  let lastRequest = 0;
  const waiting = new Map(); // request id -> {resolve, reject, timer}
  // This page's own id, on its socket and on its beacon: the server tells a late beacon of
  // the page before from the closing of this one. getRandomValues works over plain HTTP too.
  const pageId = Array.from(crypto.getRandomValues(new Uint8Array(12)), (byte) =>
    byte.toString(16).padStart(2, "0"),
  ).join("");

  function request(type, data, timeout = 15000) {
    return new Promise((resolve, reject) => {
      if (!current || current.readyState !== WebSocket.OPEN) {
        reject(new Error("not connected"));
        return;
      }
      lastRequest += 1;
      const id = lastRequest;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error("no answer"));
      }, timeout);
      waiting.set(id, { resolve, reject, timer });
      current.send(JSON.stringify({ type, id, data }));
    });
  }

  function abandonRequests() {
    for (const [id, pending] of waiting) {
      clearTimeout(pending.timer);
      pending.reject(new Error("disconnected"));
      waiting.delete(id);
    }
  }

  // The audiences this page joins beside its person's own (live/snapshot.py): the card
  // editor's "card:<id>", which alone hears the card's edits as they are typed. Read at
  // every connect, so that a card made by the editor's first save is joined on the next.
  function joins() {
    return Array.from(document.querySelectorAll("[data-live-join]"), (each) => each.dataset.liveJoin)
      .filter(Boolean)
      .map((audience) => `&join=${encodeURIComponent(audience)}`)
      .join("");
  }

  // Connect again at once, to join what the page has come to show.
  function reconnect() {
    if (current && current.readyState === WebSocket.OPEN) current.close();
  }

  window.samtaleLive = { request, reconnect };

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
    const socket = new WebSocket(`${scheme}://${location.host}/ws/meetings/${code}/?page=${pageId}${joins()}`);
    current = socket;
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
        if (each.type === "live.reconnect") {
          socket.close(); // reconnecting brings a fresh snapshot
          return;
        }
        if (each.type === "live.reply") {
          const pending = waiting.get(each.data.id);
          if (pending) {
            waiting.delete(each.data.id);
            clearTimeout(pending.timer);
            pending.resolve({ status: each.data.status, body: each.data.body });
          }
          continue;
        }
        emit(each.type, each.data);
      }
    });

    socket.addEventListener("close", (event) => {
      clearInterval(pingTimer);
      abandonRequests();
      if (event.code === 4403) {
        setStatus("forbidden");
        return;
      }
      setStatus("reconnecting");
      // At most 3 s between tries: a restarted server is back in a second or two, and a
      // meeting should not sit 8 s longer on a stale page. 2,000 pages trying every 2-3 s
      // cost a refused connection each, nothing more; the jitter spreads them out.
      const delay = Math.min(3000, 300 * 2 ** attempts) * (0.6 + Math.random() * 0.4);
      attempts += 1;
      setTimeout(connect, delay);
    });
  }

  // A page going away (closed, or left for another page) says so. If no page of the
  // meeting opens its socket again within the grace period, the participant counts as
  // gone (docs/live.md, "Presence"). A phone that only sleeps fires no pagehide: still here.
  // The beacon cannot set a header: the CSRF token goes in its body.
  addEventListener("pagehide", () => {
    const token = (document.cookie.match(/(?:^|; )csrftoken=([^;]+)/) || [])[1];
    if (!token || !navigator.sendBeacon) return;
    const body = new FormData();
    body.append("csrfmiddlewaretoken", decodeURIComponent(token));
    body.append("page", pageId);
    navigator.sendBeacon(`/m/${code}/closing/`, body);
  });

  connect();
})();
