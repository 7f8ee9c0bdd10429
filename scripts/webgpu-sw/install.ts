// Installs a software WebGPU for tests: Mesa's lavapipe (a Vulkan driver that runs on the CPU) from Debian 13,
// under which Dawn (npm `webgpu`) finds an adapter and tfjs's webgpu backend runs its real WGSL kernels.
// Debian 12's lavapipe (Mesa 22) lacks a Vulkan feature Dawn requires; Debian 13's needs glibc 2.39+, so the
// packages are unpacked into tools/webgpu-sw/ with their own glibc, and a copy of this node is pointed at that
// glibc's loader. Nothing is installed system-wide. Prints the path of `tools/webgpu-sw/node`, a wrapper that
// runs node under it; quick when everything is already there.
//
// The package index is checked as apt checks it: InRelease's signature with gpgv against Debian's keyring, the
// index against InRelease's SHA256, every .deb against the index. DISTILLERY_DEBIAN_MIRROR overrides the mirror.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dependencyClosure, parsePackages, releaseSha256, type DebianPackage } from './debian.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dest = path.join(root, 'tools/webgpu-sw');
const mirror = (process.env.DISTILLERY_DEBIAN_MIRROR ?? 'http://deb.debian.org/debian').replace(/\/$/, '');
const suite = 'trixie';
const keyring = '/usr/share/keyrings/debian-archive-keyring.gpg';
/** The driver, the Vulkan loader Dawn opens, and patchelf (run under the same glibc) to point node at the loader. */
const roots = ['mesa-vulkan-drivers', 'libvulkan1', 'patchelf'];
/** Packages that only matter to a system install: their files are not needed in a private library folder. */
const skip = new Set(['dpkg', 'debconf', 'libc-bin', 'install-info', 'perl-base', 'init-system-helpers', 'usrmerge', 'usr-is-merged', 'gcc-14-base']);
const libDir = 'root/usr/lib/x86_64-linux-gnu';

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function run(command: string, args: string[], input?: Buffer): Buffer {
  const result = spawnSync(command, args, { input, maxBuffer: 1 << 30 });
  if (result.error) throw new Error(`${command}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr.toString().trim()}`);
  return result.stdout;
}

async function download(url: string): Promise<Buffer> {
  const response = await fetch(url).catch((error: unknown) => {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    throw new Error(`GET ${url}: ${error instanceof Error ? error.message : String(error)}${cause}`);
  });
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** The node this script runs under, by path, size and change time: a new node means a new patched copy. */
function nodeIdentity(): string {
  const exe = realpathSync(process.execPath);
  const stat = statSync(exe);
  return `${exe} ${process.version} ${stat.size} ${stat.mtimeMs}`;
}

async function packageIndex(): Promise<Map<string, DebianPackage>> {
  const release = await download(`${mirror}/dists/${suite}/InRelease`);
  if (!existsSync(keyring)) throw new Error(`${keyring} is missing (Debian's debian-archive-keyring package)`);
  const releaseFile = path.join(dest, 'InRelease');
  writeFileSync(releaseFile, release);
  run('gpgv', ['--keyring', keyring, releaseFile]);
  const indexPath = 'main/binary-amd64/Packages.xz';
  const expected = releaseSha256(release.toString('utf8'), indexPath);
  if (expected === undefined) throw new Error(`InRelease of ${suite} lists no ${indexPath}`);
  const compressed = await download(`${mirror}/dists/${suite}/${indexPath}`);
  if (sha256(compressed) !== expected) throw new Error(`${indexPath}: SHA256 differs from the signed InRelease`);
  return parsePackages(run('xz', ['-dc'], compressed).toString('utf8'));
}

/** Downloads (or reuses from tools/webgpu-sw/debs) each package, checks its hash, unpacks it into `into`. */
async function unpack(packages: DebianPackage[], into: string): Promise<void> {
  const cache = path.join(dest, 'debs');
  mkdirSync(cache, { recursive: true });
  for (const pkg of packages) {
    const file = path.join(cache, path.basename(pkg.filename));
    if (!existsSync(file) || sha256(readFileSync(file)) !== pkg.sha256) {
      log(`  ${pkg.name} ${pkg.version} (${(pkg.size / 1e6).toFixed(1)} MB)`);
      const data = await download(`${mirror}/${pkg.filename}`);
      if (sha256(data) !== pkg.sha256) throw new Error(`${pkg.filename}: SHA256 differs from the index`);
      writeFileSync(file, data);
    }
    run('dpkg-deb', ['-x', file, into]);
  }
}

/** The wrapper's text: the patched node, with its libraries and the lavapipe ICD. LD_LIBRARY_PATH must not reach
 * other programs (their glibc would load ours), so it is set for this node alone; node children are this node too. */
function wrapper(): string {
  const lib = path.join(dest, libDir);
  return `#!/bin/sh
# Generated by scripts/webgpu-sw/install.ts: node on a software WebGPU (Mesa lavapipe from Debian ${suite}).
export VK_ICD_FILENAMES='${path.join(dest, 'lvp_icd.json')}'
export XDG_RUNTIME_DIR='${path.join(dest, 'run')}'
export DISTILLERY_WEBGPU_SOFTWARE=1
exec env LD_LIBRARY_PATH='${lib}' '${path.join(dest, 'bin/node')}' "$@"
`;
}

/** Runs the wrapper on a script that asks Dawn for an adapter; returns the adapter's description. */
function probeAdapter(node: string): string {
  const webgpuEntry = path.join(root, 'node_modules/webgpu/index.js');
  const script = `import { create, globals } from ${JSON.stringify(webgpuEntry)};
Object.assign(globalThis, globals);
const adapter = await create([]).requestAdapter();
if (!adapter) { console.error('requestAdapter() returned null'); process.exit(1); }
console.log(adapter.info.description);`;
  const out = run(node, ['--input-type=module', '-e', script]).toString('utf8').trim().split('\n');
  return out.at(-1) ?? '';
}

async function main(): Promise<void> {
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`needs Linux x86-64 (this is ${process.platform}-${process.arch})`);
  const identity = nodeIdentity();
  const manifestFile = path.join(dest, 'manifest.json');
  const node = path.join(dest, 'node');
  if (existsSync(manifestFile) && existsSync(node)) {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { node?: string };
    if (manifest.node === identity) {
      process.stdout.write(`${node}\n`);
      return;
    }
  }
  log(`installing a software WebGPU (Mesa lavapipe from Debian ${suite}) into tools/webgpu-sw/ ...`);
  mkdirSync(dest, { recursive: true });
  const packages = dependencyClosure(await packageIndex(), roots, skip);
  rmSync(path.join(dest, 'root'), { recursive: true, force: true });
  await unpack(packages, path.join(dest, 'root'));

  const loader = path.join(dest, libDir, 'ld-linux-x86-64.so.2');
  const lib = path.join(dest, libDir);
  mkdirSync(path.join(dest, 'bin'), { recursive: true });
  mkdirSync(path.join(dest, 'run'), { recursive: true, mode: 0o700 });
  const patched = path.join(dest, 'bin/node');
  rmSync(patched, { force: true });
  copyFileSync(realpathSync(process.execPath), `${patched}.part`);
  // Only the interpreter changes: patchelf's --set-rpath on node's binary leaves one that crashes at start.
  run(loader, ['--library-path', lib, path.join(dest, 'root/usr/bin/patchelf'), '--set-interpreter', loader, `${patched}.part`]);
  renameSync(`${patched}.part`, patched);

  const icd = JSON.parse(readFileSync(path.join(dest, 'root/usr/share/vulkan/icd.d/lvp_icd.json'), 'utf8')) as { ICD: { library_path: string } };
  icd.ICD.library_path = path.join(lib, path.basename(icd.ICD.library_path));
  writeFileSync(path.join(dest, 'lvp_icd.json'), JSON.stringify(icd, null, 2));
  writeFileSync(node, wrapper());
  chmodSync(node, 0o755);

  const adapter = probeAdapter(node);
  log(`software WebGPU ready: ${adapter}`);
  const versions = packages.map((p) => `${p.name} ${p.version}`);
  writeFileSync(manifestFile, JSON.stringify({ node: identity, suite, adapter, packages: versions }, null, 2));
  process.stdout.write(`${node}\n`);
}

main().catch((error: unknown) => {
  log(`software WebGPU unavailable: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
