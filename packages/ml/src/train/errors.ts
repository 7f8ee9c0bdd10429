// Errors the training loop throws, so callers (the worker) can map them to retryable or non-retryable failures.
import type { FailureDetails } from '@distillery/schemas';

/** Thrown when the caller's AbortSignal fires; training stops before the next step starts. */
export class TrainingAborted extends Error {
  constructor(
    /** Optimiser steps completed before the abort was noticed. */
    readonly step: number,
    readonly reason?: unknown,
  ) {
    super(`training aborted after step ${step}`);
    // Same name as DOM's AbortError so generic abort handling recognises it.
    this.name = 'AbortError';
  }
}

/** Thrown when the loss turns NaN or ±Infinity; retrying with the same settings would diverge again. */
export class NonFiniteLossError extends Error {
  constructor(
    /** 1-based optimiser step whose loss was not finite (its update was not applied). */
    readonly step: number,
    readonly loss: number,
  ) {
    super(`loss became ${loss} at step ${step}; lower the learning rate or check the data`);
    this.name = 'NonFiniteLossError';
  }

  /** The failure contract's details: the same spec with the same seed diverges again. */
  readonly failure: FailureDetails = { kind: 'diverged', hint: 'lower the learning rate or check the data' };
}
