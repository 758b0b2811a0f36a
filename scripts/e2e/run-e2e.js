// End-to-end suites in a real VS Code: installs what is missing (chromium, code-server in the user's cache),
// then runs test/e2e/*.e2e.ts with their own mocha config. Extra arguments go to mocha (e.g. --grep hover).
// Expects a fresh `npm run build` (npm test builds first); the suites package dist/ into a .vsix.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const install = spawnSync('bash', ['scripts/e2e/install-e2e-deps.sh'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
if (install.status !== 0) {
    process.exit(install.status ?? 1);
}
const entry = install.stdout.trim().split('\n').pop();
const args = process.argv.slice(2);
// Both suites unless the caller names suite files.
const spec = args.some(arg => arg.endsWith('.e2e.ts')) ? [] : ['test/e2e/**/*.e2e.ts'];
const mocha = spawnSync('npx', ['mocha', '--config', 'test/e2e/.mocharc.json', ...spec, ...args], {
    cwd: root, stdio: 'inherit', env: { ...process.env, NETZ_E2E_CODE_SERVER: entry }
});
process.exit(mocha.status ?? 1);
