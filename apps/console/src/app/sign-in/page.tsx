'use client';
// Sign-in: paste an API token; it is checked against the API before it is kept.
import { useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useState, type FormEvent } from 'react';
import { createDistilleryClient } from '@distillery/client';
import { useApi } from '../../lib/api-context';
import { errorMessage } from '../../lib/field-errors';

function SignInForm() {
  const { apiUrl, signIn } = useApi();
  const router = useRouter();
  const next = useSearchParams().get('next');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    const token = secret.trim();
    if (!token) {
      setError('Paste the token that `npm start` printed, or one created in Settings.');
      return;
    }
    setChecking(true);
    setError(null);
    try {
      // Listing tokens needs a valid token, so it tells a typo apart from a real one.
      await createDistilleryClient({ url: apiUrl, token }).tokens.list.query();
      signIn(token);
      // Only same-site paths: "//host" would leave the console.
      router.replace(next && /^\/(?![/\\])/.test(next) ? next : '/jobs');
    } catch (err) {
      const code = (err as { data?: { code?: string } }).data?.code;
      setError(code === 'UNAUTHORIZED' ? 'This token is not valid (unknown or revoked).' : `Could not reach the API at ${apiUrl}: ${errorMessage(err)}`);
    } finally {
      setChecking(false);
    }
  }

  return (
    <section className="narrow">
      <h1>Sign in</h1>
      <p className="muted">
        Paste an API token. <code>npm start</code> prints the first admin token; more can be created under Settings.
      </p>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <div className="field">
          <label htmlFor="token">API token</label>
          <input
            id="token"
            name="token"
            type="password"
            autoComplete="off"
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'token-error' : undefined}
          />
          {error ? (
            <p id="token-error" className="field-error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
        <button type="submit" className="primary" disabled={checking}>
          {checking ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </section>
  );
}

export default function SignInPage() {
  return (
    <Suspense>
      <SignInForm />
    </Suspense>
  );
}
