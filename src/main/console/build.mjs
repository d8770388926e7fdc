// Bundles the console into the Spring Boot jar's static resources (the Maven build runs it
// with the machine's Node.js): node build.mjs <output directory>
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

const out = process.argv[2] ?? '../../../target/classes/static';
await mkdir(out, { recursive: true });
await build({
  entryPoints: { console: 'src/main.js' },
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'esm',
  target: 'es2020',
  outdir: out,
  loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file' },
  assetNames: 'assets/[name]-[hash]',
  logLevel: 'warning'
});
await copyFile('index.html', join(out, 'index.html'));
console.log(`console built into ${out}`);
