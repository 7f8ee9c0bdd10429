// Keyset pagination, newest first, over any table with created_at and id columns.
import { decodeCursor, encodeCursor } from '../cursor.js';
import type { Page } from '../store.js';
import type { Db } from './database.js';

export interface PageQuery {
  table: string;
  /** SQL conditions joined with AND, using positional parameters. */
  where: string[];
  params: unknown[];
  limit: number;
  cursor?: string | null | undefined;
}

export function paginate<Row extends { created_at: string; id: string }, T>(
  db: Db,
  q: PageQuery,
  toItem: (row: Row) => T,
): Page<T> {
  const where = [...q.where];
  const params = [...q.params];
  if (q.cursor) {
    const pos = decodeCursor(q.cursor);
    where.push('(created_at < ? OR (created_at = ? AND id < ?))');
    params.push(pos.createdAt, pos.createdAt, pos.id);
  }
  const sql =
    `SELECT * FROM ${q.table}` +
    (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
    ' ORDER BY created_at DESC, id DESC LIMIT ?';
  // One row beyond the page tells whether another page exists.
  const rows = db.prepare(sql).all(...params, q.limit + 1) as Row[];
  const pageRows = rows.slice(0, q.limit);
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map(toItem),
    nextCursor:
      rows.length > q.limit && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null,
  };
}
