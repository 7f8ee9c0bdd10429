// How Distillery's figures read to people: one formatting module, and the scorecard's Markdown and SVG exports.
export * from './format.js';
export * from './quality.js';
export * from './scorecard-table.js';
export * from './scorecard-markdown.js';
export * from './scorecard-svg.js';
