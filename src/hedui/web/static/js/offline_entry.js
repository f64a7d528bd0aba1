// The record-an-event page without a network (records/new.html).
//
// * The service worker keeps the entry forms and static files, so the page opens offline.
// * Without a network the live check runs here (event_check.js, the server's rules) and says
//   "未联网，未检查重复": the duplicate check needs the server and is not pretended.
// * 保存 without a network keeps the entry in IndexedDB (entry_queue.js) under a new
//   idempotency key; "待上传 N" counts them. With a network the form is posted as always, with
//   its key, so a post whose answer was lost is not saved twice either.
// * When the network returns, the queue is uploaded (/records/upload, with the login's current
//   CSRF token). An entry the server refuses becomes a task in "需要修改的记录": fix it and save
//   again, or discard it. Nothing is dropped without the clerk saying so.

import { checkEventForm, withoutMissing } from "./event_check.js";
import * as queue from "./entry_queue.js";
import { todayIso } from "./identity.js";

const config = JSON.parse(document.getElementById("entry-offline").textContent);
const form = document.querySelector("form.record-form");
const panel = document.getElementById("check");
const $ = (id) => document.getElementById(id);
let uploading = false;
let editingKey = null;

/** One language at a time: the Chinese or the English half of a bilingual server message. */
function oneLanguage(text) {
  const [chinese, ...english] = String(text).split(" / ");
  return english.length && config.lang !== "zh_CN" ? english.join(" / ") : chinese;
}

function format(template, params = {}) {
  return template.replace(/%\((\w+)\)s/g, (_, name) => oneLanguage(params[name] ?? ""));
}

function translate(message, params) {
  return format(config.messages[message] ?? message, params);
}

function labelOf(event, field) {
  const spec = config.specs[event]?.find((s) => s.name === field);
  return spec ? translate(spec.label) : field;
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  node.append(...children.filter((c) => c != null));
  return node;
}

function issueList(event, check) {
  const list = element("ul", { class: "issues" });
  for (const [issues, kind] of [[check.errors, "error"], [check.warnings, "warning"]]) {
    for (const issue of issues) {
      list.append(element("li", { class: `issue ${kind}` },
        element("strong", { text: labelOf(event, issue.field) }), " ",
        translate(issue.message, issue.params)));
    }
  }
  return list;
}

// ---- the live check, offline ----

function formValues() {
  const data = new FormData(form);
  const values = {};
  for (const spec of config.specs[config.event]) values[spec.name] = String(data.get(spec.name) ?? "");
  return values;
}

function localCheck(values) {
  return checkEventForm(config.event, config.specs[config.event], values, {
    today: todayIso(),
    maxLengths: config.maxLengths,
  });
}

function showLocalCheck({ missing = false } = {}) {
  const values = formValues();
  let check = localCheck(values);
  if (!missing) check = withoutMissing(check);
  panel.replaceChildren(element("p", { class: "offline-note", text: config.ui.offline }));
  // No green "no problems" offline: the duplicate check, the part that needs the server, did not run.
  if (check.errors.length || check.warnings.length) panel.append(issueList(config.event, check));
  return check;
}

// ---- the queue on the page ----

function entryTitle(entry) {
  const v = entry.values;
  const who = v.name || (v.mother_name ? `${v.mother_name}` : config.ui.noName);
  const when = v.birth_date || v.event_date || "";
  return `${eventLabel(entry.event)} · ${who} · ${when}`;
}

function eventLabel(event) {
  const tab = document.querySelector(`nav.tabs a[href="/records/new/${event}"]`);
  return tab ? tab.textContent.trim() : event;
}

function problemOf(entry) {
  const problem = entry.problem ?? {};
  const box = element("div", { class: "task-problem" });
  if (problem.status === "invalid" && problem.issues) {
    box.append(issueList(entry.event, { errors: problem.issues, warnings: [] }));
  } else if (problem.status === "duplicate") {
    box.append(element("p", { text: config.ui.duplicate }));
    for (const found of problem.duplicates ?? []) {
      box.append(element("a", { href: found.url, target: "_blank", class: "button", text: `${config.ui.see} #${found.id}` }), " ");
    }
    if (problem.hidden) box.append(element("p", { text: format(config.ui.hidden, { count: String(problem.hidden) }) }));
    if (problem.hidden === null) box.append(element("p", { text: config.ui.notChecked }));
  } else {
    box.append(element("p", { text: oneLanguage(problem.message ?? "") }));
  }
  return box;
}

function taskItem(entry) {
  const actions = element("div", { class: "task-actions" });
  const fix = element("button", { type: "button", class: "button primary", text: config.ui.fix });
  fix.addEventListener("click", () => editEntry(entry));
  actions.append(fix);
  if (entry.problem?.status === "duplicate") {
    const anyway = element("button", { type: "button", class: "button", text: config.ui.saveAnyway });
    anyway.addEventListener("click", async () => {
      await queue.put({ ...entry, state: "pending", confirmDuplicate: true, problem: null });
      await refresh();
      upload();
    });
    actions.append(anyway);
  }
  const discard = element("button", { type: "button", class: "button", text: config.ui.discard });
  discard.addEventListener("click", async () => {
    if (discard.dataset.armed !== "1") {
      discard.dataset.armed = "1";
      discard.textContent = config.ui.confirmDiscard;
      return;
    }
    await queue.remove(entry.key);
    await refresh();
  });
  actions.append(discard);
  return element("li", { "data-key": entry.key },
    element("div", { class: "task-title", text: entryTitle(entry) }), problemOf(entry), actions);
}

function editEntry(entry) {
  if (entry.event !== config.event) {
    location.href = `/records/new/${entry.event}?fix=${encodeURIComponent(entry.key)}`;
    return;
  }
  editingKey = entry.key;
  for (const [name, value] of Object.entries(entry.values)) {
    const field = form.elements.namedItem(name);
    if (field) field.value = value;
  }
  showMessage(config.ui.editing);
  form.scrollIntoView({ behavior: "smooth" });
  if (!navigator.onLine) showLocalCheck({ missing: true });
}

function showMessage(text) {
  const box = $("queue-message");
  box.textContent = text;
  box.hidden = !text;
  $("entry-queue").hidden = false;
}

async function refresh() {
  const entries = await queue.all();
  const mine = entries.filter((e) => e.user === config.user);
  const pending = mine.filter((e) => e.state === "pending");
  const tasks = mine.filter((e) => e.state === "task");
  const others = entries.length - mine.length;
  const count = $("queue-count");
  count.textContent = format(config.ui.pending, { count: String(pending.length) });
  count.className = pending.length ? "tag pending" : "tag";
  count.hidden = pending.length === 0;
  $("queue-note").textContent = others ? `${config.ui.otherUser}: ${others}` : (uploading ? config.ui.uploading : "");
  $("queue-status").hidden = !(pending.length || tasks.length || others);
  $("entry-task-list").replaceChildren(...tasks.map(taskItem));
  $("entry-tasks").hidden = tasks.length === 0;
  $("offline-banner").hidden = navigator.onLine;
  $("entry-queue").hidden = navigator.onLine && !pending.length && !tasks.length && !others && $("queue-message").hidden;
  document.body.dataset.pending = String(pending.length);
  document.body.dataset.tasks = String(tasks.length);
}

// ---- saving ----

async function keepOnPhone(values) {
  const key = editingKey ?? queue.newKey();
  editingKey = null;
  await queue.put({ key, user: config.user, event: config.event, values, state: "pending", savedAt: new Date().toISOString() });
  form.reset();
  panel.replaceChildren();
  showMessage(config.ui.queued);
  await refresh();
  upload();
}

function hiddenField(name) {
  let field = form.elements.namedItem(name);
  if (!field) {
    field = element("input", { type: "hidden", name });
    form.append(field);
  }
  return field;
}

form.addEventListener("submit", (submit) => {
  if (navigator.onLine && editingKey === null) {
    // Online: the usual post, with this press's key (a lost answer then cannot save twice).
    // The user goes with it, for the service worker to queue the post if it cannot be sent.
    hiddenField("entry_key").value = queue.newKey();
    hiddenField("entry_user").value = config.user;
    return;
  }
  submit.preventDefault();
  const check = showLocalCheck({ missing: true });
  if (!check.ok) return;
  keepOnPhone(formValues());
});

// ---- uploading ----

async function freshToken() {
  const response = await fetch("/records/upload/token", { redirect: "manual", cache: "no-store" });
  if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) return null;
  if (!response.ok) throw new Error(`token ${response.status}`);
  return (await response.json()).csrf_token;
}

async function uploadOne(entry, token) {
  const response = await fetch("/records/upload", {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": token },
    body: JSON.stringify({ key: entry.key, event: entry.event, values: entry.values, confirm_duplicate: entry.confirmDuplicate === true }),
  });
  const body = (response.headers.get("content-type") ?? "").includes("json") ? await response.json() : null;
  if (response.ok && body?.status === "saved") {
    await queue.remove(entry.key);
    return "saved";
  }
  if ((response.status === 422 || response.status === 409) && body) {
    await queue.put({ ...entry, state: "task", problem: body, confirmDuplicate: false });
    return "task";
  }
  return "retry";
}

async function upload() {
  if (uploading || !navigator.onLine) return;
  const pending = (await queue.all()).filter((e) => e.user === config.user && e.state === "pending");
  if (!pending.length) return;
  uploading = true;
  let saved = 0;
  try {
    await refresh();
    const token = await freshToken();
    if (token === null) {
      showMessage(config.ui.loginNeeded);
      return;
    }
    for (const entry of pending) {
      const outcome = await uploadOne(entry, token);
      if (outcome === "saved") saved += 1;
      if (outcome === "retry") {
        showMessage(config.ui.serverTrouble);
        break;
      }
    }
    if (saved) showMessage(format(config.ui.uploaded, { count: String(saved) }));
  } catch {
    // The network went away again: the entries stay pending for the next try.
  } finally {
    uploading = false;
    await refresh();
  }
}

// ---- wiring ----

document.body.addEventListener("htmx:beforeRequest", (event) => {
  if (!navigator.onLine && event.target.closest?.("form") === form) {
    event.preventDefault();
    showLocalCheck();
  }
});
document.body.addEventListener("htmx:sendError", () => showLocalCheck());
window.addEventListener("offline", () => {
  showLocalCheck();
  refresh();
});
window.addEventListener("online", () => {
  panel.replaceChildren();
  refresh();
  upload();
});

async function start() {
  if ("serviceWorker" in navigator) {
    try {
      await navigator.serviceWorker.register("/sw.js", { scope: "/", type: "module" });
      const ready = await navigator.serviceWorker.ready;
      if (navigator.onLine) ready.active?.postMessage({ type: "precache", urls: config.precache });
    } catch {
      // No service worker (an insecure address, a private window): the page still works online.
    }
  }
  const query = new URLSearchParams(location.search);
  if (query.has("queued")) showMessage(config.ui.queued);
  const fixing = query.get("fix");
  if (fixing) {
    const entry = await queue.get(fixing);
    if (entry) editEntry(entry);
  }
  if (!navigator.onLine) showLocalCheck();
  await refresh();
  upload();
  document.body.dataset.offlineReady = "1";
}

start();
