export { loadConfig, thresholdsFor, apiBaseUrl, temporalAddress, ENV_OVERRIDES, DEFAULT_CONFIG_FILE, type ResolvedConfig, type LoadConfigOptions } from './load.js';
export { configSchema, DEFAULT_CONFIG, TF_BACKEND_SETTINGS, type StockflowConfig, type Thresholds, type ScheduleSpec } from './schema.js';
export { writeStackState, removeStackState, readStackState, stackStateFile, processAlive, STACK_STATE_FILE, type StackState, type RunningStackUse } from './running-stack.js';
