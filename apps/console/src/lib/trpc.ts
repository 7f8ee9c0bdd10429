'use client';
// tRPC bound to TanStack Query: `useTRPC()` gives typed query, mutation and subscription options for every procedure.
import type { AppRouter } from '@distillery/api';
import { createTRPCContext } from '@trpc/tanstack-react-query';

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();
