/**
 * Input and output types of workflows and activities (one object argument each, so fields
 * can be added without breaking callers or running histories). Safe for workflow code.
 */
export type * from './prices';
export type * from './evaluation';
export type * from './retrain';
export type * from './batch';
export type * from './monitoring';
export type * from './reports';
export type * from './judgement';
export type * from './forecast';
