// Mocha's spec reporter, plus the wall time of each test file (its top-level suites, hooks included)
// and, after the summary, the slowest files: where the TypeScript tests' time goes. A CommonJS file
// because mocha loads reporters with require(). FILE_TIMES_OUT=<path> also writes every file's time.
"use strict";
const { writeFileSync } = require("node:fs");
const { relative } = require("node:path");
const Spec = require("mocha/lib/reporters/spec.js");
const { constants } = require("mocha/lib/runner.js");

const SHOWN = 10;

class FileTimes extends Spec {
  constructor(runner, options) {
    super(runner, options);
    const started = new Map();
    const times = new Map();
    runner.on(constants.EVENT_SUITE_BEGIN, (suite) => {
      if (suite.parent?.root && suite.file) started.set(suite, Date.now());
    });
    runner.on(constants.EVENT_SUITE_END, (suite) => {
      const t0 = started.get(suite);
      if (t0 !== undefined) times.set(suite.file, (times.get(suite.file) ?? 0) + Date.now() - t0);
    });
    runner.once(constants.EVENT_RUN_END, () => {
      const rows = [...times]
        .sort((a, b) => b[1] - a[1])
        .map(([file, ms]) => `${(ms / 1000).toFixed(1).padStart(8)} s  ${relative(process.cwd(), file)}`);
      if (process.env.FILE_TIMES_OUT) writeFileSync(process.env.FILE_TIMES_OUT, `${rows.join("\n")}\n`);
      // After the spec reporter's epilogue (also a run-end listener, registered first).
      setImmediate(() => {
        if (rows.length > 1) console.log(`  slowest test files:\n${rows.slice(0, SHOWN).join("\n")}\n`);
      });
    });
  }
}

module.exports = FileTimes;
