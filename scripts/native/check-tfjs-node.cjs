// Does @tensorflow/tfjs-node load in this project, register its "tensorflow" backend and compute?
// Prints one line and exits 0 when it does; otherwise prints why (first line of the error) and
// exits 1. Used by scripts/setup-native.sh (already installed?) and by the native-backend test.
// Usage: node scripts/native/check-tfjs-node.cjs [--json]
'use strict';
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const json = process.argv.includes('--json');

function report(ok, fields) {
  if (json) process.stdout.write(`${JSON.stringify({ ok, ...fields })}\n`);
  else if (ok) process.stdout.write(`@tensorflow/tfjs-node ${fields.tfjsNode} loads (TensorFlow ${fields.tensorflow})\n`);
  else process.stdout.write(`@tensorflow/tfjs-node does not load: ${fields.error}\n`);
  process.exit(ok ? 0 : 1);
}

let tf;
process.env.TF_CPP_MIN_LOG_LEVEL = process.env.TF_CPP_MIN_LOG_LEVEL || '1'; // as model/backend.ts
try {
  tf = require(require.resolve('@tensorflow/tfjs-node', { paths: [root] }));
} catch (err) {
  report(false, { error: String(err && err.message ? err.message : err).split('\n')[0] });
}
try {
  if (!tf.findBackendFactory('tensorflow')) throw new Error('it registered no "tensorflow" backend');
  tf.setBackend('tensorflow');
  const sum = tf.tensor1d([1, 2, 3]).sum().dataSync()[0];
  if (sum !== 6) throw new Error(`tensor1d([1, 2, 3]).sum() gave ${sum}`);
  const binding = tf.engine().backend.binding;
  report(true, { tfjsNode: tf.version['tfjs-node'], tensorflow: binding && binding.TF_Version ? binding.TF_Version : 'unknown' });
} catch (err) {
  report(false, { error: String(err && err.message ? err.message : err).split('\n')[0] });
}
