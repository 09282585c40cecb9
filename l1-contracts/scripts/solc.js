'use strict';
// Standard-JSON compilation through solc-js for forge. Reads the input on stdin, writes the
// output on stdout and nothing else. Imports forge did not inline are read relative to
// --base-path / --include-path (as native solc does), falling back to the working directory.
const fs = require('fs');
const path = require('path');

const solc = require(path.join(__dirname, '..', 'node_modules', 'solc'));

const args = process.argv.slice(2);
const roots = [];
for (let i = 0; i < args.length; i++) {
  if ((args[i] === '--base-path' || args[i] === '--include-path') && i + 1 < args.length) {
    roots.push(args[++i]);
  }
}
roots.push(process.cwd());

function findImport(importPath) {
  const candidates = path.isAbsolute(importPath)
    ? [importPath]
    : roots.map((root) => path.resolve(root, importPath));
  for (const candidate of candidates) {
    try {
      return { contents: fs.readFileSync(candidate, 'utf8') };
    } catch (e) {
      // try the next root
    }
  }
  return { error: 'File not found: ' + importPath };
}

const input = fs.readFileSync(0, 'utf8');
process.stdout.write(solc.compile(input, { import: findImport }));
