'use client';
// Page frame: navigation for signed-in users; the sign-in and public scorecard pages render without it.
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, type ReactNode } from 'react';
import { useApi } from '../lib/api-context';

const NAV = [
  { href: '/jobs', label: 'Jobs' },
  { href: '/jobs/new', label: 'New job' },
  { href: '/scorecards', label: 'Scorecards' },
  { href: '/models', label: 'Models' },
  { href: '/settings', label: 'Settings' },
] as const;

/** Pages anyone may open without a token. */
const isPublicPath = (path: string): boolean => path === '/sign-in' || path.startsWith('/s/');

export function AppShell({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const router = useRouter();
  const { token, signOut } = useApi();
  const publicPage = isPublicPath(pathname);

  useEffect(() => {
    if (!publicPage && token === null) router.replace(`/sign-in?next=${encodeURIComponent(pathname)}`);
  }, [publicPage, token, pathname, router]);

  const activeHref = NAV.filter((item) => pathname === item.href || pathname.startsWith(`${item.href}/`))
    .map((item) => item.href)
    .sort((a, b) => b.length - a.length)[0];

  return (
    <>
      <header className="topbar">
        <Link href={token ? '/jobs' : '/sign-in'} className="brand">
          Distillery
        </Link>
        {token && !publicPage ? (
          <nav aria-label="Main">
            <ul>
              {NAV.map((item) => (
                <li key={item.href}>
                  <Link href={item.href} aria-current={item.href === activeHref ? 'page' : undefined}>
                    {item.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        {token && !publicPage ? (
          <button type="button" className="link-button" onClick={signOut}>
            Sign out
          </button>
        ) : null}
      </header>
      <main className="page">{publicPage || token ? children : <p className="muted">Loading…</p>}</main>
    </>
  );
}
