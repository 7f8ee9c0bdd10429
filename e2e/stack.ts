// Where the e2e stack listens and the admin token it is seeded with; shared by the config and the suites.
export const CONSOLE_PORT = Number(process.env.E2E_CONSOLE_PORT ?? 3310);
export const API_PORT = Number(process.env.E2E_API_PORT ?? 4310);
export const TEMPORAL_PORT = Number(process.env.E2E_TEMPORAL_PORT ?? 7410);

export const CONSOLE_URL = `http://localhost:${CONSOLE_PORT}`;
export const API_URL = `http://localhost:${API_PORT}`;

/** The first admin token's secret; the stack's API seeds it through DISTILLERY_ADMIN_TOKEN. */
export const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';
