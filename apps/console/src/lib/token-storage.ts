// The signed-in API token, kept in localStorage and shared by every tab through the storage event.
const KEY = 'distillery.apiToken';
const listeners = new Set<() => void>();

export function readToken(): string | null {
  if (typeof window === 'undefined') return null;
  return window.localStorage.getItem(KEY);
}

export function writeToken(token: string | null): void {
  if (token) window.localStorage.setItem(KEY, token);
  else window.localStorage.removeItem(KEY);
  listeners.forEach((notify) => notify());
}

export function subscribeToken(notify: () => void): () => void {
  listeners.add(notify);
  const onStorage = (e: StorageEvent): void => {
    if (e.key === KEY) notify();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(notify);
    window.removeEventListener('storage', onStorage);
  };
}
