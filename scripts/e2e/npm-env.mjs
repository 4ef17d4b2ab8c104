#!/usr/bin/env node
// The environment for an `npm install` started from inside another npm command (`npm test`,
// `npm start`): install-tools.sh installs code-server, its Node and playwright-core that way, and
// run-web.mjs the web tools.
//
// Why: npm hands its scripts its own state as environment variables, and a nested npm reads every
// `npm_config_*` variable as configuration. The worst one is `npm_config_user_agent`
// ("npm/11.x node/v20.x linux x64"): npm computes it from a template, but a value in the
// environment is taken literally, so the nested npm, although it runs under code-server's Node 24,
// hands the outer Node's version to code-server's postinstall, which reads the Node major from it
// and stops ("code-server currently requires node v24 ... you are on node v20"). The others point
// at the outer npm and the outer project: its prefixes, node-gyp, the Node headers (`nodedir`),
// the command's own flags (`global`, `omit`, `ignore-scripts` ...), the package being run
// (`npm_package_*`, `npm_lifecycle_*`), `INIT_CWD`, `NODE`, and PATH entries for the outer
// project's node_modules/.bin.
//
// What stays: the nested npm reads the user's and the global npmrc files itself, so settings kept
// there (registry, scoped registries, auth tokens, proxy, CA) reach it without help. The variables
// below are kept as well, because they may have come from somewhere the nested npm does not look:
// the user's shell (`npm_config_registry=... npm test`), the outer command line
// (`npm test --registry=...`) or the project's .npmrc (the nested installs run in their own folders
// under .e2e-tools/). They are the ones that say how to reach a registry, never what to install.
//
//   node scripts/e2e/npm-env.mjs --unset   prints `unset NAME` lines for the variables to drop and an
//                                          `export PATH=...` line (install-tools.sh evals it)
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** npm settings (as in `npm_config_<name>`) about reaching a registry: kept for a nested npm. */
export const KEPT_NPM_CONFIG = new Set([
  'registry',
  'proxy',
  'https_proxy',
  'http_proxy',
  'noproxy',
  'no_proxy',
  'ca',
  'cafile',
  'cert',
  'key',
  'strict_ssl',
  'local_address',
  'maxsockets',
  'fetch_retries',
  'fetch_retry_factor',
  'fetch_retry_mintimeout',
  'fetch_retry_maxtimeout',
  'fetch_timeout',
  'offline',
  'prefer_offline',
  'prefer_online',
  'cache',
  'userconfig',
  'globalconfig',
]);

/** Variables npm sets for its scripts outside the `npm_` prefix. */
const NPM_SET = new Set(['INIT_CWD', 'NODE']);

/** Should this variable of the outer npm's environment be dropped for a nested npm? */
export function dropForNestedNpm(name) {
  if (NPM_SET.has(name)) return true;
  const lower = name.toLowerCase();
  if (!lower.startsWith('npm_')) return false;
  if (lower.startsWith('npm_config_')) return !KEPT_NPM_CONFIG.has(lower.slice('npm_config_'.length));
  return true; // npm_lifecycle_*, npm_package_*, npm_execpath, npm_node_execpath, npm_command ...
}

/**
 * PATH without what `npm run` put in front of it: every node_modules/.bin folder (the outer
 * project's tools would shadow the nested install's) and npm's node-gyp-bin shim (it runs the
 * node-gyp named by npm_config_node_gyp, which is dropped).
 */
export function cleanPath(value = '') {
  return value
    .split(path.delimiter)
    .filter(
      (p) => p && !/[\\/]node_modules[\\/]\.bin[\\/]?$/.test(p) && !/[\\/]@npmcli[\\/]run-script[\\/]lib[\\/]node-gyp-bin[\\/]?$/.test(p),
    )
    .join(path.delimiter);
}

/** A copy of `env` fit for a nested `npm install`: see the comment at the top of this file. */
export function cleanNpmEnv(env = process.env) {
  const out = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && !dropForNestedNpm(k)) out[k] = v;
  const pathKey = Object.keys(out).find((k) => k.toUpperCase() === 'PATH');
  if (pathKey) out[pathKey] = cleanPath(out[pathKey]);
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv[2] !== '--unset') {
    console.error('usage: node scripts/e2e/npm-env.mjs --unset');
    process.exit(2);
  }
  const q = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
  const lines = Object.keys(process.env)
    .filter((k) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) && dropForNestedNpm(k))
    .sort()
    .map((k) => `unset ${k}`);
  lines.push(`export PATH=${q(cleanPath(process.env.PATH))}`);
  console.log(lines.join('\n'));
}
