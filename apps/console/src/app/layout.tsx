// Root layout: reads the API address at request time and hands it to the browser, so one build serves any port.
import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { readConsoleEnv } from '../env';
import { ApiProvider } from '../lib/api-context';
import { AppShell } from '../components/app-shell';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Distillery', template: '%s · Distillery' },
  description: 'Distill, fine-tune and quantize models; compare them on cost and quality.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  const env = readConsoleEnv();
  return (
    <html lang="en">
      <body>
        <ApiProvider apiUrl={env.DISTILLERY_API_URL}>
          <AppShell>{children}</AppShell>
        </ApiProvider>
      </body>
    </html>
  );
}
