// The group's card: a shared document the whole group types in at once (Yjs, vendored as
// window.Y). The heading and the text are two Y.Texts of one document. Each edit goes to
// the server as a Yjs update ("card.edit" over the live socket, else over HTTP), which
// merges it into the stored document and sends it on to the group's other pages
// ("live:card.edit"), where it is merged into the fields as they are typed in: no one's
// text is ever set against anyone else's, so there is nothing to choose between.
// Every request carries this page's state vector, and the answer brings what the page
// lacks: an edit heard late, or missed while the socket was down, arrives with the next.
// When this writer stops typing for a moment (PAUSE), the request says so and the server
// makes the document's text the card's next version, rendered once for the wall.
// Edits the server has not yet acknowledged are kept on this device (the whole document,
// in localStorage), so a reload, a crash or a lost connection loses nothing: when the
// page is back, they are sent again and the CRDT merges them with what others typed.
// When the facilitator locks the wall ("wall.state"), the editor becomes read-only and says
// so; what it had not sent stays on this device, and goes when the wall is opened again. Questions ticked are sent at once; the
// newest version's questions ("live:card.text") are shown to the whole group.
// The save status is shown, not spoken on every key: the page's live region (announce.js)
// says "Saved" once at each pause, and a lost connection or a refusal once each time one
// begins. When the server cannot reach its database (503), the editor says so and tries
// again after the wait the server names.
(function () {
  "use strict";
  const editor = document.querySelector("[data-card-editor]");
  if (!editor || !window.Y) return;
  const Y = window.Y;
  const form = editor.querySelector("[data-card-form]");
  const status = editor.querySelector("[data-save-status]");
  const lockedNotice = editor.querySelector("[data-locked-notice]");
  const writing = editor.querySelector("[data-writing]");
  const fields = { heading: form.elements.heading, body: form.elements.body };
  let locked = editor.dataset.locked === "1";
  const SOCKET_BATCH = 150; // ms of typing gathered into one update over the socket
  const HTTP_BATCH = 700; // over HTTP, as the whole-text saves were (settings: save.person)
  const PAUSE = 2000; // ms without typing after which the text becomes a version
  const LOCAL = "local"; // the origin of this page's own edits
  const draftKey = () => `samtale:card-document:${editor.dataset.cardEditor || "new"}`;

  const doc = new Y.Doc();
  const texts = { heading: doc.getText("heading"), body: doc.getText("body") };
  let unsent = []; // this page's updates not yet sent
  let inFlight = null; // the updates of the request on its way
  let pauseDue = false; // the next request says the writer paused
  let questionsDue = null; // the questions to send with the next request
  let sending = false;
  let timer = null;
  let pauseTimer = null;
  let lastTrouble = null;
  let writers = new Map(); // name -> time last heard typing
  let writersTimer = null;

  const csrf = () => (document.cookie.match(/(?:^|; )csrftoken=([^;]+)/) || [])[1] || "";
  const toBase64 = (bytes) => {
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(binary);
  };
  const fromBase64 = (text) => Uint8Array.from(atob(text || ""), (c) => c.charCodeAt(0));
  const online = () => document.documentElement.dataset.live === "online";

  // `spoken`: the person should hear it (a pause saved, a trouble that begins).
  function setStatus(state, text, spoken = false) {
    const shown = text || status.dataset[state] || "";
    status.dataset.state = state;
    if (status.textContent !== shown) status.textContent = shown;
    if (state === "saved") lastTrouble = null;
    if (!spoken || !window.samtale || state === lastTrouble) return;
    if (state !== "saved") lastTrouble = state;
    window.samtale.announce(shown);
  }

  function pending() {
    return unsent.length > 0 || inFlight !== null || pauseDue || questionsDue !== null;
  }

  // --- This device's copy ------------------------------------------------------------------

  function keepDraft() {
    try {
      localStorage.setItem(draftKey(), toBase64(Y.encodeStateAsUpdate(doc)));
    } catch (error) { /* private mode: the page still warns before closing */ }
  }

  function dropDraft() {
    try { localStorage.removeItem(draftKey()); } catch (error) { /* nothing kept */ }
  }

  function restoreDraft() {
    let kept = null;
    try { kept = localStorage.getItem(draftKey()); } catch (error) { return; }
    if (!kept) return;
    try {
      // Applied as this page's own edits: what the server lacks of it is sent again.
      Y.applyUpdate(doc, fromBase64(kept), LOCAL);
    } catch (error) { dropDraft(); }
  }

  // --- Between the fields and the document ---------------------------------------------------

  // The field's new value, as the smallest delete and insert in its Y.Text.
  function typed(name) {
    const text = texts[name];
    const before = text.toString();
    const after = fields[name].value;
    if (before === after) return;
    let start = 0;
    const most = Math.min(before.length, after.length);
    while (start < most && before[start] === after[start]) start += 1;
    let end = 0;
    while (end < most - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end += 1;
    doc.transact(() => {
      if (before.length - end > start) text.delete(start, before.length - end - start);
      if (after.length - end > start) text.insert(start, after.slice(start, after.length - end));
    }, LOCAL);
  }

  // Someone else's edit, into the field: the cursor and selection stay on the same words.
  function shownInField(name, delta) {
    const field = fields[name];
    const value = texts[name].toString();
    if (field.value === value) return;
    const focused = document.activeElement === field;
    let [start, end] = [field.selectionStart, field.selectionEnd];
    const collapsed = start === end;
    let at = 0;
    for (const step of delta) {
      if (step.retain) at += step.retain;
      else if (step.insert) {
        // Text that arrives at the caret goes before it, as if it had been there first:
        // what this person types next follows it (a selection does not grow by it).
        const length = step.insert.length;
        if (at <= start) start += length;
        if (at < end || (collapsed && at === end)) end += length;
        at += length;
      } else if (step.delete) {
        if (at < start) start -= Math.min(step.delete, start - at);
        if (at < end) end -= Math.min(step.delete, end - at);
      }
    }
    field.value = value;
    if (focused) field.setSelectionRange(start, end);
  }

  for (const name of Object.keys(texts)) {
    texts[name].observe((event, transaction) => {
      if (transaction.origin !== LOCAL) shownInField(name, event.delta);
    });
  }

  doc.on("update", (update, origin) => {
    if (origin !== LOCAL) return;
    unsent.push(update);
    keepDraft();
    setStatus("unsaved");
    schedule(online() ? SOCKET_BATCH : HTTP_BATCH);
  });

  // --- To the server and back ----------------------------------------------------------------

  function schedule(delay) {
    if (timer) return; // a send is already due; edits meanwhile go with it
    timer = setTimeout(() => { timer = null; send(); }, delay);
  }

  function retry(delay) {
    clearTimeout(timer);
    timer = setTimeout(() => { timer = null; send(); }, delay);
  }

  function typingPaused() {
    clearTimeout(pauseTimer);
    pauseTimer = setTimeout(() => { pauseDue = true; send(); }, PAUSE);
  }

  async function ask(data) {
    if (window.samtaleLive) {
      try {
        return await window.samtaleLive.request("card.edit", data);
      } catch (error) { /* not connected: HTTP below */ }
    }
    const body = new URLSearchParams({ update: data.update, vector: data.vector });
    if (data.pause) body.append("pause", "1");
    if (data.questions) {
      body.append("questions_given", "1");
      data.questions.forEach((number) => body.append("questions", number));
    }
    const response = await fetch(editor.dataset.editUrl, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf() },
    });
    return { status: response.status, body: await response.json() };
  }

  // `sync`: ask even with nothing to send, to hear what others typed meanwhile.
  async function send(sync = false) {
    if (locked || sending || (!sync && unsent.length === 0 && !pauseDue && questionsDue === null)) return;
    sending = true;
    inFlight = unsent;
    unsent = [];
    const pause = pauseDue;
    const questions = questionsDue;
    pauseDue = false;
    questionsDue = null;
    const data = {
      card: Number(editor.dataset.cardEditor) || 0,
      update: inFlight.length ? toBase64(Y.mergeUpdates(inFlight)) : "",
      vector: toBase64(Y.encodeStateVector(doc)),
      pause,
      questions,
    };
    if (pause || questions) setStatus("saving");
    let answer = null;
    try {
      answer = await ask(data);
    } catch (error) { answer = null; }
    sending = false;
    const sent = inFlight;
    inFlight = null;
    if (answer && answer.status === 200) {
      if (answer.body.card && !editor.dataset.cardEditor) {
        dropDraft();
        editor.dataset.cardEditor = String(answer.body.card);
        // The socket joins the new card's editors, to hear the others type in it.
        editor.dataset.liveJoin = `card:${answer.body.card}`;
        if (window.samtaleLive) window.samtaleLive.reconnect();
      }
      Y.applyUpdate(doc, fromBase64(answer.body.update), "server");
      editor.dataset.version = String(answer.body.version);
      if (pending()) { keepDraft(); schedule(online() ? SOCKET_BATCH : HTTP_BATCH); return; }
      dropDraft();
      setStatus("saved", null, pause || questions !== null);
      return;
    }
    // Not taken: everything goes again with the next request (the CRDT takes an update
    // twice as once), and stays on this device meanwhile.
    unsent = sent.concat(unsent);
    pauseDue = pauseDue || pause;
    if (questionsDue === null) questionsDue = questions;
    keepDraft();
    if (!answer) {
      setStatus("offline", null, true);
      retry(2000); // the server is away: try again until it answers
    } else if (answer.status === 503) {
      setStatus("unavailable", null, true);
      retry(1000 * (Number(answer.body.retry_after) || 5));
    } else if (answer.status === 429) {
      retry(1000);
    } else {
      setStatus("error", answer.body.error, true); // kept on this device
    }
  }

  // --- Who else is writing -------------------------------------------------------------------

  function showWriters() {
    if (!writing) return;
    const now = Date.now();
    for (const [name, at] of writers) if (now - at > 4000) writers.delete(name);
    const names = Array.from(writers.keys());
    writing.textContent = names.length ? `${writing.dataset.label} ${names.join(", ")}` : "";
    writing.hidden = names.length === 0;
    clearTimeout(writersTimer);
    if (names.length) writersTimer = setTimeout(showWriters, 1000);
  }

  document.addEventListener("live:card.edit", (event) => {
    const edit = event.detail;
    if (String(edit.id) !== editor.dataset.cardEditor) return;
    const before = toBase64(Y.encodeStateVector(doc));
    Y.applyUpdate(doc, fromBase64(edit.update), "server");
    // Heard back, this page's own edit changes nothing; someone else's does.
    if (edit.by && toBase64(Y.encodeStateVector(doc)) !== before) {
      writers.set(edit.by, Date.now());
      showWriters();
    }
  });

  // A new version: its questions are the card's, for everyone in the group.
  document.addEventListener("live:card.text", (event) => {
    const card = event.detail;
    if (String(card.id) !== editor.dataset.cardEditor) return;
    editor.dataset.version = String(card.version);
    if (questionsDue !== null) return; // this page's own choice is on its way
    form.querySelectorAll("[name=questions]").forEach((box) => {
      box.checked = card.questions.map(String).includes(box.value);
    });
  });

  function setLocked(nowLocked) {
    locked = nowLocked;
    form.querySelectorAll("input, textarea").forEach((control) => { control.disabled = locked; });
    const pictures = editor.querySelector(".card-images");
    if (pictures) pictures.hidden = locked;
    lockedNotice.textContent = locked ? editor.dataset.lockedText : "";
    lockedNotice.hidden = !locked;
    if (locked) { clearTimeout(timer); timer = null; clearTimeout(pauseTimer); }
    else send(true); // what was kept on this device while the wall was locked
  }

  document.addEventListener("live:wall.state", (event) => {
    const wall = event.detail;
    if (String(wall.item) !== editor.dataset.item || wall.locked === locked) return;
    setLocked(wall.locked);
  });

  for (const name of Object.keys(fields)) {
    fields[name].addEventListener("input", () => { typed(name); typingPaused(); });
  }
  form.querySelectorAll("[name=questions]").forEach((box) => {
    box.addEventListener("change", () => {
      questionsDue = Array.from(form.querySelectorAll("[name=questions]:checked")).map((b) => Number(b.value));
      setStatus("unsaved");
      send();
    });
  });
  window.addEventListener("online", () => send(true));
  // After a reconnect: what this page kept goes again, and what it missed comes back.
  document.addEventListener("live:live.resync", () => send(true));
  window.addEventListener("beforeunload", (event) => {
    if (pending() && !locked) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // The document as the page was rendered with it, then what this device kept.
  Y.applyUpdate(doc, fromBase64(editor.dataset.document), "server");
  // On a locked wall, it waits to be sent (and stays on this device) until the wall opens.
  restoreDraft();
  for (const name of Object.keys(fields)) fields[name].value = texts[name].toString();
  // Once the socket is open, one request hears what was typed between the page's render
  // and the socket's first frame (after that, every edit arrives over the socket).
  let waited = 0;
  (function firstSync() {
    if (online() || waited > 5000) { if (!locked) send(true); return; }
    waited += 200;
    setTimeout(firstSync, 200);
  })();
})();
