// Keeps the unwrapped practice key for the session: a non-extractable CryptoKey in IndexedDB (structured
// clone keeps it non-extractable), so every page of the portal can use it without the password. Cleared at logout.

const DB_NAME = 'redconnect';
const STORE = 'keys';
const PRACTICE_KEY = 'practice';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run<T>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = action(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result as T);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

export async function savePracticeKey(key: CryptoKey): Promise<void> {
  if (key.extractable) throw new Error('refusing to store an extractable practice key');
  await run<IDBValidKey>('readwrite', s => s.put(key, PRACTICE_KEY));
}

export async function loadPracticeKey(): Promise<CryptoKey | null> {
  const key = await run<CryptoKey | undefined>('readonly', s => s.get(PRACTICE_KEY));
  return key ?? null;
}

export async function clearPracticeKey(): Promise<void> {
  await run<undefined>('readwrite', s => s.delete(PRACTICE_KEY));
}
