// Stand-ins where the browser denies storage to this page (imported before PyScript: boot.js, the bench's plain page).
//
// Agent Workspace embeds extensions in a cross-site iframe, and browsers that block third-party storage refuse
// IndexedDB there. PyScript opens IndexedDB while it boots (its package cache and pyscript.fs keep small maps there)
// and never finishes booting when that fails. So: probe IndexedDB first; if it is refused, give the page an
// in-memory stand-in with the few calls PyScript makes. Firefox, blocking third-party storage, also refuses
// BroadcastChannel there (SecurityError), which PyScript's core constructs at import (for workers, which these pages
// do not use): where it is refused, a channel that carries nothing stands in. Evaluated once, before what imports it.

const PROBE_TIMEOUT_MS = 1000;  // an IndexedDB that never answers counts as refused

const storageWorks = () => new Promise((resolve) => {
  setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
  try {
    const request = indexedDB.open("wwe-storage-probe");
    request.onsuccess = () => { request.result.close(); resolve(true); };
    request.onerror = (event) => { event.preventDefault(); resolve(false); };
    request.onblocked = () => resolve(true);
  } catch {
    resolve(false);
  }
});

// A request that answers on the next turn, after the caller has attached its handlers.
const answer = (result) => {
  const request = { result, onsuccess: null, onerror: null };
  queueMicrotask(() => request.onsuccess && request.onsuccess({ type: "success", target: request }));
  return request;
};

class MemoryStore {
  #map = new Map();
  count() { return answer(this.#map.size); }
  clear() { this.#map.clear(); return answer(undefined); }
  delete(key) { this.#map.delete(key); return answer(undefined); }
  get(key) { return answer(this.#map.get(key)); }
  getKey(key) { return answer(this.#map.has(key) ? key : undefined); }
  getAllKeys() { return answer([...this.#map.keys()]); }
  put(value, key) { this.#map.set(key, value); return answer(key); }
}

class MemoryDatabase {
  #stores = new Map();
  get objectStoreNames() { return [...this.#stores.keys()]; }
  createObjectStore(name) { const store = new MemoryStore(); this.#stores.set(name, store); return store; }
  transaction(name) { const store = this.#stores.get(name); return { objectStore: () => store }; }
  close() {}
}

const memoryIndexedDB = {
  databases: new Map(),
  open(name) {
    const request = { result: null, transaction: null, onsuccess: null, onerror: null, onupgradeneeded: null };
    queueMicrotask(() => {
      let db = this.databases.get(name);
      if (!db) {
        db = new MemoryDatabase();
        this.databases.set(name, db);
        const transaction = { oncomplete: null };
        Object.assign(request, { result: db, transaction });
        request.onupgradeneeded && request.onupgradeneeded({ type: "upgradeneeded", target: request });
        transaction.oncomplete && transaction.oncomplete({ type: "complete" });
      }
      request.result = db;
      request.onsuccess && request.onsuccess({ type: "success", target: request });
    });
    return request;
  },
};

// A BroadcastChannel with no other end: what a channel is where the browser keeps this page apart from all others.
class UnconnectedChannel extends EventTarget {
  constructor(name) { super(); this.name = String(name); this.onmessage = null; this.onmessageerror = null; }
  postMessage() {}
  close() {}
}

const channelsWork = () => {
  try {
    new BroadcastChannel("wwe-channel-probe").close();
    return true;
  } catch {
    return false;
  }
};

if (!(await storageWorks())) {
  console.info("[boot] IndexedDB is not available to this page; PyScript keeps its caches in memory.");
  Object.defineProperty(globalThis, "indexedDB", { value: memoryIndexedDB, configurable: true });
}
if (!channelsWork()) {
  console.info("[boot] BroadcastChannel is not available to this page; an unconnected channel stands in.");
  Object.defineProperty(globalThis, "BroadcastChannel", { value: UnconnectedChannel, configurable: true, writable: true });
}
globalThis.__wweBoot = {
  storage: globalThis.indexedDB === memoryIndexedDB ? "memory" : "indexeddb",
  channels: globalThis.BroadcastChannel === UnconnectedChannel ? "unconnected" : "broadcast",
};
