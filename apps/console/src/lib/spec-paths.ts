// Reading and writing a nested spec by dotted path ("teacher.train.epochs", "models.0.type"), immutably.

export type SpecDraft = Record<string, unknown>;

function splitPath(path: string): string[] {
  return path.split('.').filter((part) => part.length > 0);
}

const isIndex = (key: string): boolean => /^\d+$/.test(key);

export function getAtPath(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const key of splitPath(path)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Returns a copy of `root` with `value` at `path`; `undefined` removes the key so schema defaults apply. */
export function setAtPath<T>(root: T, path: string, value: unknown): T {
  const keys = splitPath(path);
  const write = (node: unknown, depth: number): unknown => {
    const key = keys[depth];
    if (key === undefined) return value;
    const container: Record<string, unknown> | unknown[] = Array.isArray(node)
      ? [...(node as unknown[])]
      : node !== null && typeof node === 'object'
        ? { ...(node as Record<string, unknown>) }
        : isIndex(key)
          ? []
          : {};
    const current = (container as Record<string, unknown>)[key];
    const next = write(current, depth + 1);
    if (next === undefined && !Array.isArray(container)) delete (container)[key];
    else (container as Record<string, unknown>)[key] = next;
    return container;
  };
  return write(root, 0) as T;
}
