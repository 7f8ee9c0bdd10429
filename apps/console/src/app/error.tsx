'use client';
// Catches a page that crashed while rendering, says what happened and offers to try again.
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="alert error" role="alert">
      <h1>This page failed to load</h1>
      <p>{error.message}</p>
      <button type="button" onClick={reset}>
        Try again
      </button>
    </section>
  );
}
