// Bundles every entry point in src/pages into ../wwwroot/js. Run by the Portal project's build
// (see RedConnect.Portal.csproj), so `dotnet run` alone produces the browser code.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';

const entries = readdirSync('src/pages').filter(f => f.endsWith('.ts')).map(f => `src/pages/${f}`);
await build({
  entryPoints: entries,
  bundle: true,
  format: 'esm',
  target: ['es2022'],
  outdir: '../wwwroot/js',
  sourcemap: true,
  minify: process.env.NODE_ENV === 'production',
  legalComments: 'none',
  logLevel: 'warning',
});
