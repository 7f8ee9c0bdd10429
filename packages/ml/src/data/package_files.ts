// Locates the data files that registry packages ship inside node_modules (read directly; nothing is downloaded).
import { createRequire } from 'node:module';
import path from 'node:path';

const requireHere = createRequire(import.meta.url);

/** Absolute path of `relative` inside the installed package `packageName`. */
export function packageFile(packageName: string, relative: string): string {
  let manifest: string;
  try {
    manifest = requireHere.resolve(`${packageName}/package.json`);
  } catch (error) {
    throw new Error(`data package ${packageName} is not installed (${(error as Error).message})`);
  }
  return path.join(path.dirname(manifest), relative);
}
