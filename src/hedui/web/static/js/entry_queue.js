// The phone's queue of entries saved without a network: IndexedDB, one object per entry, keyed
// by its idempotency key (a UUID made when 保存 was pressed). An entry is "pending" until the
// server has saved it (then it is deleted) or "task" when the server refused it: it stays until
// the clerk fixes it and saves again, or discards it. Used by the page and the service worker.

const DATABASE = "hedui-entry-queue";
const STORE = "entries";

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "key" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run(mode, action) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const result = action(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(result.result);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  } finally {
    db.close();
  }
}

/** A new idempotency key; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Add or replace an entry ({key, user, event, values, state, savedAt, problem?}). */
export function put(entry) {
  return run("readwrite", (store) => store.put(entry));
}

/** Every entry, oldest first. */
export async function all() {
  const entries = await run("readonly", (store) => store.getAll());
  return entries.sort((a, b) => a.savedAt.localeCompare(b.savedAt));
}

export function get(key) {
  return run("readonly", (store) => store.get(key));
}

export function remove(key) {
  return run("readwrite", (store) => store.delete(key));
}
