/**
 * Input and output types of workflows and activities (one object argument each, so fields
 * can be added without breaking callers or running histories). Safe for workflow code.
 */
export type * from './prices.js';
export type * from './evaluation.js';
export type * from './retrain.js';
export type * from './batch.js';
export type * from './monitoring.js';
export type * from './reports.js';
export type * from './judgement.js';
export type * from './forecast.js';
export type * from './status.js';
