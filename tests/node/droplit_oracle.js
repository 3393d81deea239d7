// Node's own answers for Droplit's URL rule, for crates/rules/tests/node_differential.rs.
//
// Run: node --allow-natives-syntax --enable-experimental-regexp-engine-on-excessive-backtracks
//           --trace-experimental-regexp-engine tests/node/droplit_oracle.js
//
// stdin, one JSON object a line:
//   {"pattern": "..."}                      first: the pattern, as the rules crate holds it
//   {"units": [...], "limits": [L, ...]}    then one per input, as UTF-16 code units (so
//                                           lone surrogates survive the trip); with
//                                           "shared": false, only the limited runs
//   {"units": [...], "time": R}             or: time R runs of the verdict, in ms
// stdout, for each input, in order:
//   {"matches": b}                 new RegExp(pattern).test(input), one RegExp for all
//   {"limit": L, "matches": b}     the same on a RegExp whose backtrack limit is L
//   {"ms": [...]}                  for "time": each run's time
// V8 prints "Experimental execution (oneshot) of regexp ..." on stdout, before the answer
// line of the run, whenever a run goes over its backtrack limit (50,000 for the shared
// RegExp: --regexp-backtracks-before-fallback's default) and falls back to V8's linear
// engine: that is how the test reads V8's backtrack count. Answers are written with
// fs.writeSync so that they keep their order with V8's lines.
'use strict';

const fs = require('fs');
const readline = require('readline');

const out = (value) => fs.writeSync(1, JSON.stringify(value) + '\n');

// A string from code units, in chunks: String.fromCharCode takes its units as arguments.
function fromUnits(units) {
  let s = '';
  for (let i = 0; i < units.length; i += 8192) {
    s += String.fromCharCode.apply(null, units.slice(i, i + 8192));
  }
  return s;
}

// V8's test-only constructor for a RegExp with its own backtrack limit, behind
// --allow-natives-syntax; through Function so that this file parses without the flag.
let withLimit;
try {
  withLimit = new Function('p', 'l', 'return %NewRegExpWithBacktrackLimit(p, "", l);');
} catch (e) {
  process.stderr.write('droplit_oracle.js needs node --allow-natives-syntax\n');
  process.exit(2);
}

let pattern = null;
let shared = null;
const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on('line', (line) => {
  if (line === '') return;
  const request = JSON.parse(line);
  if (pattern === null) {
    pattern = request.pattern;
    shared = new RegExp(pattern);
    return;
  }
  const input = fromUnits(request.units);
  if (request.time !== undefined) {
    shared.test(input); // compiled, and tiered up to native code, as on a busy server
    const ms = [];
    for (let r = 0; r < request.time; r++) {
      const started = process.hrtime.bigint();
      shared.test(input);
      ms.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    out({ ms });
    return;
  }
  if (request.shared !== false) out({ matches: shared.test(input) });
  for (const limit of request.limits || []) {
    out({ limit, matches: withLimit(pattern, limit).test(input) });
  }
});
