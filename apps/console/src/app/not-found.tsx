// Shown for any address the console does not have.
import Link from 'next/link';

export default function NotFound() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        Nothing lives at this address. Go to the <Link href="/jobs">jobs list</Link>.
      </p>
    </section>
  );
}
