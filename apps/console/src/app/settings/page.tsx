'use client';
// Settings: API tokens. A new token's secret is shown once; revoking one stops it working at once.
import { useState, type FormEvent } from 'react';
import { useApi } from '../../lib/api-context';
import { errorMessage, fieldErrorsFromApi } from '../../lib/field-errors';
import { formatTime } from '@distillery/report';
import { usePoll } from '../../lib/use-poll';
import { useTRPC } from '../../lib/trpc';

export default function SettingsPage() {
  const { client } = useApi();
  const trpc = useTRPC();
  const tokens = usePoll(trpc.tokens.list.queryOptions(), null);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  async function create(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    setNameError(null);
    setActionError(null);
    if (name.trim() === '') {
      setNameError('Give the token a name, e.g. "laptop CLI".');
      return;
    }
    try {
      const result = await client.tokens.create.mutate({ name: name.trim() });
      setCreated({ name: result.token.name, secret: result.secret });
      setName('');
      tokens.refresh();
    } catch (err) {
      const fields = fieldErrorsFromApi(err, '');
      if (fields?.name) setNameError(fields.name.join('; '));
      else setActionError(errorMessage(err));
    }
  }

  async function revoke(id: string, tokenName: string): Promise<void> {
    if (!window.confirm(`Revoke "${tokenName}"? Anything using it stops working.`)) return;
    setActionError(null);
    try {
      await client.tokens.revoke.mutate({ id });
      tokens.refresh();
    } catch (err) {
      setActionError(errorMessage(err));
    }
  }

  return (
    <section>
      <h1>Settings</h1>
      <h2>API tokens</h2>
      {actionError ? (
        <p className="alert error" role="alert">
          {actionError}
        </p>
      ) : null}
      <form onSubmit={(e) => void create(e)} noValidate className="panel">
        <div className="field">
          <label htmlFor="token-name">New token name</label>
          <input
            id="token-name"
            value={name}
            maxLength={120}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? 'token-name-error' : undefined}
          />
          {nameError ? (
            <p id="token-name-error" className="field-error">
              {nameError}
            </p>
          ) : null}
        </div>
        <button type="submit" className="primary">
          Create token
        </button>
      </form>
      {created ? (
        <div className="alert ok" role="status">
          <p>
            Token “{created.name}” created. Copy it now; it is not shown again:
          </p>
          <p className="secret mono" aria-label="New token secret">
            {created.secret}
          </p>
        </div>
      ) : null}
      {tokens.error ? (
        <p className="alert error" role="alert">
          Could not load tokens: {tokens.error}
        </p>
      ) : null}
      {tokens.data ? (
        <table aria-label="API tokens">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Id</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td className="mono">{t.id}</td>
                <td>{formatTime(t.createdAt)}</td>
                <td>{formatTime(t.lastUsedAt)}</td>
                <td>{t.revokedAt ? `revoked ${formatTime(t.revokedAt)}` : 'active'}</td>
                <td>
                  {t.revokedAt ? null : (
                    <button type="button" className="danger" onClick={() => void revoke(t.id, t.name)}>
                      Revoke {t.name}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
