// @distillery/ml-native, the optional `native` backend: imported at run time when that backend loads, never statically,
// so @distillery/ml loads (and every other backend works) where the package or its addon is missing.
import { createRequire } from 'node:module';
import type * as MlNative from '@distillery/ml-native';

export type NativeModule = typeof MlNative;

/** The package that provides the `native` backend (BLAS kernels over N-API); optional like tfjs-node. */
export const NATIVE_BACKEND_PACKAGE = '@distillery/ml-native';

let imported: Promise<NativeModule | null> | null = null;
let loaded: NativeModule | null = null;

function isInstalled(moduleName: string): boolean {
  try {
    createRequire(import.meta.url).resolve(moduleName);
    return true;
  } catch {
    return false;
  }
}

/** The package, or null when it is not installed; imported once. */
export async function importNativeModule(): Promise<NativeModule | null> {
  imported ??= (async () => {
    if (!isInstalled(NATIVE_BACKEND_PACKAGE)) return null;
    // A name the bundler and tsc cannot follow, so nothing resolves it at build time.
    const name: string = NATIVE_BACKEND_PACKAGE;
    loaded = (await import(/* @vite-ignore */ name)) as NativeModule;
    return loaded;
  })();
  return imported;
}

/** The package if something in this process has imported it (the `native` backend's loader does), else null. */
export function loadedNativeModule(): NativeModule | null {
  return loaded;
}
