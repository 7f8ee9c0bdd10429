// Cost model: prices, measured rates, estimates.
export * from './prices.js';
export * from './gflops.js';
export * from './estimate.js';
