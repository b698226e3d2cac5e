// Validates SARIF logs two ways and exits non-zero on any problem:
//  1. ajv (draft 2020-12, strict) against the SARIF 2.1.0 JSON schema that
//     ships in @microsoft/sarif-multitool-linux: types, enums, minimums;
//  2. Microsoft's SARIF Multitool `validate`: the spec's rules beyond the
//     schema (SARIF1xxx errors); its warnings are printed, not fatal.
// usage: node validate.js FILE.sarif...
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');

const toolDir = path.dirname(require.resolve('@microsoft/sarif-multitool-linux/package.json'));
const schema = JSON.parse(fs.readFileSync(path.join(toolDir, 'sarif-2.1.0.json'), 'utf8'));
const multitool = path.join(toolDir, 'Sarif.Multitool');
fs.chmodSync(multitool, 0o755); // npm may skip the package's own postinstall chmod

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

let problems = 0;
for (const file of process.argv.slice(2)) {
  const log = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!validate(log)) {
    for (const e of validate.errors) {
      console.log(`${file}: schema: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
      problems++;
    }
  }
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sarif-')), 'validation.sarif');
  execFileSync(multitool, ['validate', '--output', out, file],
               { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
  for (const run of JSON.parse(fs.readFileSync(out, 'utf8')).runs) {
    for (const r of run.results || []) {
      const text = `${file}: multitool ${r.level || 'warning'} ${r.ruleId}: ${JSON.stringify(r.message.arguments || r.message.text)}`;
      console.log(text);
      if (r.level === 'error') problems++;
    }
  }
}
console.log(problems ? `SARIF validation: ${problems} problem(s)` : 'SARIF validation: valid');
process.exit(problems ? 1 : 0);
