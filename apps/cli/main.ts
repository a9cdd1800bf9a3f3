/**
 * `stockflow <command>`: the operator's CLI (bin/stockflow.js loads this). Thin: run the
 * command line, set the exit code. Everything else is in lib/ and one file per command.
 */
import { run } from './lib/run.js';

run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then((code) => {
  process.exitCode = code;
  // A lingering handle (a gRPC channel draining) must not keep a finished command alive.
  setTimeout(() => process.exit(code), 2000).unref();
});
