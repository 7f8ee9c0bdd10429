import { describe, expect, it } from 'vitest';
import { readConsoleEnv } from './env';

describe('readConsoleEnv', () => {
  it('defaults the API to localhost:4000 and trims a trailing slash', () => {
    expect(readConsoleEnv({}).DISTILLERY_API_URL).toBe('http://localhost:4000');
    expect(readConsoleEnv({ DISTILLERY_API_URL: 'http://127.0.0.1:4310/' }).DISTILLERY_API_URL).toBe('http://127.0.0.1:4310');
  });
  it('names the variable when it is not a URL', () => {
    expect(() => readConsoleEnv({ DISTILLERY_API_URL: 'localhost 4000' })).toThrow(/DISTILLERY_API_URL/);
  });
});
