// Reading a Debian archive's package index: the stanzas of a Packages file, and the closure of one package's
// run-time dependencies. Pure functions, so they are unit-tested without the network.

export interface DebianPackage {
  name: string;
  version: string;
  /** Path under the mirror root, e.g. `pool/main/m/mesa/mesa-vulkan-drivers_25.0.7-2_amd64.deb`. */
  filename: string;
  sha256: string;
  size: number;
  /** Names this package needs: the first alternative of each Depends/Pre-Depends clause, without versions. */
  depends: string[];
}

function field(stanza: string, name: string): string | undefined {
  const match = new RegExp(`^${name}: (.*(?:\\n[ \\t].*)*)`, 'm').exec(stanza);
  return match?.[1]?.replace(/\n[ \t]+/g, ' ').trim();
}

/** The first alternative of each clause: `libc6 (>= 2.38), libgl1 | libgl1-mesa` → `libc6`, `libgl1`. */
export function dependencyNames(clauses: string | undefined): string[] {
  if (clauses === undefined || clauses === '') return [];
  return clauses.split(',').map((clause) => clause.split('|')[0]!.trim().split(/[\s(:]/)[0]!).filter((name) => name !== '');
}

/** Parses a Packages file. Where a name appears twice, the later stanza wins (the archive lists one per suite). */
export function parsePackages(text: string): Map<string, DebianPackage> {
  const packages = new Map<string, DebianPackage>();
  for (const stanza of text.split(/\n\s*\n/)) {
    const name = field(stanza, 'Package');
    const filename = field(stanza, 'Filename');
    const sha256 = field(stanza, 'SHA256');
    if (name === undefined || filename === undefined || sha256 === undefined) continue;
    packages.set(name, {
      name,
      version: field(stanza, 'Version') ?? '',
      filename,
      sha256,
      size: Number(field(stanza, 'Size') ?? 0),
      depends: [...dependencyNames(field(stanza, 'Pre-Depends')), ...dependencyNames(field(stanza, 'Depends'))],
    });
  }
  return packages;
}

/**
 * Every package `roots` need at run time, roots included, in name order. Names in `skip` are not followed
 * (packages whose files a private library folder does not need: dpkg, debconf, …). A dependency the index
 * lacks (a virtual package) is left out; a missing root is an error.
 */
export function dependencyClosure(index: Map<string, DebianPackage>, roots: readonly string[], skip: ReadonlySet<string> = new Set()): DebianPackage[] {
  const chosen = new Map<string, DebianPackage>();
  const pending = [...roots];
  for (const root of roots) if (!index.has(root)) throw new Error(`package ${root} is not in the index`);
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (chosen.has(name) || skip.has(name)) continue;
    const found = index.get(name);
    if (found === undefined) continue;
    chosen.set(name, found);
    pending.push(...found.depends);
  }
  return [...chosen.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The SHA256 a signed Release/InRelease file lists for one index path, e.g. `main/binary-amd64/Packages.xz`. */
export function releaseSha256(release: string, path: string): string | undefined {
  const section = /^SHA256:\n((?:[ \t].*\n?)*)/m.exec(release)?.[1] ?? '';
  for (const line of section.split('\n')) {
    const [hash, , name] = line.trim().split(/\s+/);
    if (name === path) return hash;
  }
  return undefined;
}
