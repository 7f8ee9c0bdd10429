// Opaque pagination cursors: the (createdAt, id) of the last row of a page, base64url-encoded.
import { z } from 'zod';

const CursorTuple = z.tuple([z.string().min(1).max(64), z.string().min(1).max(80)]);

export interface CursorPosition {
  createdAt: string;
  id: string;
}

export function encodeCursor(pos: CursorPosition): string {
  return Buffer.from(JSON.stringify([pos.createdAt, pos.id])).toString('base64url');
}

/** Throws InvalidCursorError for anything this module did not produce. */
export function decodeCursor(cursor: string): CursorPosition {
  try {
    const [createdAt, id] = CursorTuple.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { createdAt, id };
  } catch {
    throw new InvalidCursorError(cursor);
  }
}

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  constructor(readonly cursor: string) {
    super('cursor is not one this server returned');
  }
}
