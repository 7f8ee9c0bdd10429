// Compiles native/ml_native.c into build/ml_native.node with the system C compiler and Node's own headers: no
// node-gyp, no header download, nothing fetched. With --optional (the npm install hook) a failure only warns.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(packageDir, 'native', 'ml_native.c');
const target = path.join(packageDir, 'build', 'ml_native.node');
const optional = process.argv.includes('--optional');

/** node_api.h ships with Node: next to the binary (official tarballs, nvm), or in /usr/include/node (Debian, NodeSource). */
function findNodeHeaders() {
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  const candidates = [
    process.env.NODE_API_INCLUDE_DIR,
    path.join(prefix, 'include', 'node'),
    '/usr/include/node',
    '/usr/local/include/node',
    '/usr/include/nodejs/src',
  ].filter((dir) => dir != null && dir !== '');
  const found = candidates.find((dir) => existsSync(path.join(dir, 'node_api.h')));
  if (found === undefined) throw new Error(`node_api.h not found in ${candidates.join(', ')}`);
  return found;
}

try {
  const compiler = process.env.CC ?? 'cc';
  const include = findNodeHeaders();
  mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  // -O3 without -march: the float loops vectorise with SSE2 everywhere;
  // OpenBLAS picks its own kernels at run time. No errno from sqrtf and no FP traps, so guarded loops vectorise too.
  const args = ['-O3', '-fno-math-errno', '-fno-trapping-math', '-fPIC', '-shared', '-std=c11', '-D_GNU_SOURCE', '-Wall', '-Wextra', '-Wno-unused-parameter',
    `-I${include}`, source, '-o', partial, '-ldl', '-lm', '-lpthread'];
  execFileSync(compiler, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  renameSync(partial, target);
  console.log(`@distillery/ml-native: built ${path.relative(process.cwd(), target)}`);
} catch (error) {
  const reason = error instanceof Error ? error.message : String(error);
  const message = `@distillery/ml-native: could not build the native addon (${reason}); the "native" backend will be unavailable`;
  if (!optional) {
    console.error(message);
    process.exit(1);
  }
  console.warn(`warning: ${message}`);
}
