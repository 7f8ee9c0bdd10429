// A job's events, newest last, as a scrollable log.
import type { JobEvent } from '@distillery/schemas';

function describe(event: JobEvent): string {
  // A status event says so by its arrow; other types are named.
  const parts: string[] = event.type === 'status' ? [] : [event.type];
  if (event.stage) parts.push(`[${event.stage}]`);
  if (event.status) parts.push(`status → ${event.status}`);
  if (event.step !== undefined && event.total !== undefined) parts.push(`${event.step}/${event.total}`);
  if (event.loss !== undefined) parts.push(`loss ${event.loss.toFixed(4)}`);
  if (event.metrics) parts.push(Object.entries(event.metrics).map(([k, v]) => `${k}=${Number(v.toPrecision(4))}`).join(' '));
  if (event.artifactId) parts.push(`artifact ${event.artifactId}`);
  if (event.message) parts.push(event.message);
  return parts.join(' ');
}

export function EventLog({ events }: { events: readonly JobEvent[] }) {
  if (events.length === 0) return <p className="muted">No events yet.</p>;
  return (
    <ol className="event-log" aria-label="Event log">
      {events.map((event) => (
        <li key={event.seq}>
          <time dateTime={event.time}>{new Date(event.time).toLocaleTimeString('en-GB', { hour12: false })}</time>
          {describe(event)}
        </li>
      ))}
    </ol>
  );
}
