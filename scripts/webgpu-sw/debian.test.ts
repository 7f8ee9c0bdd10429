import { describe, expect, it } from 'vitest';
import { dependencyClosure, dependencyNames, parsePackages, releaseSha256 } from './debian.js';

const index = `Package: mesa-vulkan-drivers
Version: 25.0.7-2
Pre-Depends: libc6 (>= 2.39)
Depends: libvulkan1, libllvm19 (>= 1:19.1.0) | libllvm20,
 libexpat1 (>= 2.0.1), default-virtual
Filename: pool/main/m/mesa/mesa-vulkan-drivers_25.0.7-2_amd64.deb
Size: 14185752
SHA256: aa11

Package: libvulkan1
Version: 1.4.309.0-1
Depends: libc6 (>= 2.34)
Filename: pool/main/v/vulkan-loader/libvulkan1_1.4.309.0-1_amd64.deb
Size: 100
SHA256: bb22

Package: libllvm19
Version: 1:19.1.7-3
Depends: libc6 (>= 2.38), libstdc++6 (>= 14), dpkg
Filename: pool/main/l/llvm-toolchain-19/libllvm19_19.1.7-3_amd64.deb
Size: 26000000
SHA256: cc33

Package: libc6
Version: 2.41-12
Filename: pool/main/g/glibc/libc6_2.41-12_amd64.deb
Size: 2900000
SHA256: dd44

Package: libexpat1
Version: 2.9.0-1
Depends: libc6:any
Filename: pool/main/e/expat/libexpat1_2.9.0-1_amd64.deb
Size: 100
SHA256: ee55

Package: libstdc++6
Version: 14.2.0-19
Filename: pool/main/g/gcc-14/libstdc++6_14.2.0-19_amd64.deb
Size: 700000
SHA256: ff66

Package: dpkg
Version: 1.22
Filename: pool/main/d/dpkg/dpkg_1.22_amd64.deb
Size: 1
SHA256: 0077
`;

describe('Debian package index', () => {
  it('takes the first alternative of each clause, without versions or architecture qualifiers', () => {
    expect(dependencyNames('libc6 (>= 2.38), libllvm19 (>= 1:19) | libllvm20, libexpat1:any')).toEqual(['libc6', 'libllvm19', 'libexpat1']);
    expect(dependencyNames(undefined)).toEqual([]);
  });

  it('parses stanzas, joining continuation lines of Depends', () => {
    const packages = parsePackages(index);
    expect(packages.size).toBe(7);
    const mesa = packages.get('mesa-vulkan-drivers')!;
    expect(mesa).toMatchObject({ version: '25.0.7-2', sha256: 'aa11', size: 14185752, filename: 'pool/main/m/mesa/mesa-vulkan-drivers_25.0.7-2_amd64.deb' });
    expect(mesa.depends).toEqual(['libc6', 'libvulkan1', 'libllvm19', 'libexpat1', 'default-virtual']);
  });

  it('closes over run-time dependencies, skipping the named ones and packages the index lacks', () => {
    const closure = dependencyClosure(parsePackages(index), ['mesa-vulkan-drivers'], new Set(['dpkg']));
    expect(closure.map((p) => p.name)).toEqual(['libc6', 'libexpat1', 'libllvm19', 'libstdc++6', 'libvulkan1', 'mesa-vulkan-drivers']);
  });

  it('names a root the index lacks', () => {
    expect(() => dependencyClosure(parsePackages(index), ['patchelf'])).toThrow(/patchelf is not in the index/);
  });

  it('reads an index hash from the SHA256 section of InRelease, not from the MD5 one', () => {
    const release = `Origin: Debian
MD5Sum:
 0123 100 main/binary-amd64/Packages.xz
SHA256:
 4567 200 main/binary-all/Packages.xz
 89ab 300 main/binary-amd64/Packages.xz
-----BEGIN PGP SIGNATURE-----
`;
    expect(releaseSha256(release, 'main/binary-amd64/Packages.xz')).toBe('89ab');
    expect(releaseSha256(release, 'contrib/binary-amd64/Packages.xz')).toBeUndefined();
  });
});
