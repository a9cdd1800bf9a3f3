// `npm run build` step: writes the production workflow bundle the worker loads at start-up.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PREBUILT_BUNDLE } from '../worker/create-workers.js';
import { buildWorkflowBundle } from '../worker/workflow-bundle.js';

buildWorkflowBundle()
  .then((code) => {
    mkdirSync(path.dirname(PREBUILT_BUNDLE), { recursive: true });
    writeFileSync(PREBUILT_BUNDLE, code);
    console.log(`workflow bundle written to ${PREBUILT_BUNDLE} (${(code.length / 1024).toFixed(0)} KiB)`);
  })
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
