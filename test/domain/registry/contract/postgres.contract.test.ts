/** The registry contract over the shared PostgreSQL store (a private PostgreSQL of the test run). */
import { postgresHarnessFactory } from './postgres-harness.js';
import { registryContract } from './registry-contract.js';

registryContract(postgresHarnessFactory().fresh);
