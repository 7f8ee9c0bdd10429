// Where the API serves tRPC: one constant for the server, the typed client and the console.
export const TRPC_PATH = '/trpc';
