// What a tab keeps to resume a call after a reload: the reconnect token and the participant's display name,
// in sessionStorage (this tab only, gone when it closes), under a hash of the code so the code itself is
// not written anywhere.

export interface ResumeState {
  reconnectToken: string;
  displayName?: string;
}

export async function resumeKeyFor(normalizedCode: string): Promise<string | null> {
  if (!globalThis.crypto?.subtle) return null; // not a secure context: no resume, the call still works
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`redconnect-call:${normalizedCode}`));
  const hex = Array.from(new Uint8Array(digest), b => b.toString(16).padStart(2, '0')).join('');
  return `redconnect.call.${hex}`;
}

export function loadResume(key: string | null): ResumeState | null {
  if (!key) return null;
  try {
    const raw = sessionStorage.getItem(key);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<ResumeState>;
    return typeof parsed.reconnectToken === 'string' ? { reconnectToken: parsed.reconnectToken, displayName: parsed.displayName } : null;
  } catch {
    return null;
  }
}

export function saveResume(key: string | null, state: ResumeState): void {
  if (!key) return;
  try { sessionStorage.setItem(key, JSON.stringify(state)); } catch { /* storage full or disabled: no resume */ }
}

export function clearResume(key: string | null): void {
  if (!key) return;
  try { sessionStorage.removeItem(key); } catch { /* ignore */ }
}

/** Upper case, no separators, Crockford look-alikes mapped — the same rule as the server's AccessCode.TryNormalize. */
export function normalizeCode(input: string): string | null {
  const cleaned = input.replace(/[\s\u00a0-]/g, '').toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1');
  return /^[0-9A-HJKMNP-TV-Z]{12}$/.test(cleaned) ? cleaned : null;
}
