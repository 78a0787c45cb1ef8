// Starts and stops a real VS Code for the end-to-end tests: code-server
// (installed by test/e2e/setup.sh) on a free 127.0.0.1 port, in its own
// process group with scratch HOME/XDG/user-data folders, so stopping the
// group ends the server, its extension hosts and any debug adapter they
// started, and nothing is written outside the scratch folder.
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';

export interface CodeServer {
  port: number;
  url: string;
  /** Folder of the installed extensions (the .vsix goes here). */
  extensionsDir: string;
  stop(): Promise<void>;
}

export interface ScratchDirs {
  root: string;
  home: string;
  userData: string;
  extensions: string;
  config: string;
}

export function makeScratch(root: string): ScratchDirs {
  fs.rmSync(root, { recursive: true, force: true });
  const dirs = {
    root,
    home: path.join(root, 'home'),
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    config: path.join(root, 'config.yaml'),
  };
  for (const d of [dirs.home, dirs.userData, dirs.extensions]) fs.mkdirSync(d, { recursive: true });
  for (const d of ['config', 'data', 'cache', 'state', 'runtime']) fs.mkdirSync(path.join(root, 'xdg', d), { recursive: true, mode: 0o700 });
  fs.writeFileSync(dirs.config, 'auth: none\ncert: false\n');
  // The scratch workspace sits inside this repository: keep git's prompt and the welcome page out of the screenshots.
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify({
    'git.openRepositoryInParentFolders': 'never',
    'git.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    // The DOM renderer keeps terminal text readable by the tests.
    'terminal.integrated.gpuAcceleration': 'off',
  }, null, 2));
  return dirs;
}

/** The environment of code-server and everything it starts: all state under the scratch folder. */
export function scratchEnv(dirs: ScratchDirs, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  env.HOME = dirs.home;
  env.XDG_CONFIG_HOME = path.join(dirs.root, 'xdg', 'config');
  env.XDG_DATA_HOME = path.join(dirs.root, 'xdg', 'data');
  env.XDG_CACHE_HOME = path.join(dirs.root, 'xdg', 'cache');
  env.XDG_STATE_HOME = path.join(dirs.root, 'xdg', 'state');
  env.XDG_RUNTIME_DIR = path.join(dirs.root, 'xdg', 'runtime');
  // Variables of a surrounding VS Code would leak into the one under test.
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  return env;
}

function entry(install: string): string {
  return path.join(install, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

function commonArgs(dirs: ScratchDirs): string[] {
  return ['--config', dirs.config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
}

export function installExtension(install: string, dirs: ScratchDirs, vsix: string): void {
  execFileSync(process.execPath, [entry(install), ...commonArgs(dirs), '--install-extension', vsix], {
    env: scratchEnv(dirs),
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function answers(port: number, pathName = '/healthz'): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: pathName, timeout: 2000 }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 500) < 500);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function startCodeServer(install: string, dirs: ScratchDirs, workspace: string, env: NodeJS.ProcessEnv, log: string): Promise<CodeServer> {
  const port = await freePort();
  // A server left on this port would make a "fresh" run test an old install.
  if (await answers(port)) throw new Error(`something already answers on 127.0.0.1:${port}`);
  const out = fs.openSync(log, 'a');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      entry(install), ...commonArgs(dirs), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
      '--disable-workspace-trust', '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override', workspace,
    ],
    { env, detached: true, stdio: ['ignore', out, out] },
  );
  fs.closeSync(out);
  const pgid = child.pid;
  if (pgid === undefined) throw new Error('code-server did not start');
  let exited: string | undefined;
  child.on('exit', (code, signal) => (exited = `code-server exited (${signal ?? code}); see ${log}`));

  const stop = async (): Promise<void> => {
    if (!groupAlive(pgid)) return;
    process.kill(-pgid, 'SIGTERM');
    for (let i = 0; i < 50 && groupAlive(pgid); i++) await sleep(100);
    if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
    for (let i = 0; i < 20 && groupAlive(pgid); i++) await sleep(100);
    if (groupAlive(pgid)) throw new Error(`processes of group ${pgid} survived SIGKILL`);
  };

  for (let waited = 0; ; waited += 200) {
    if (exited) throw new Error(exited);
    if (await answers(port)) break;
    if (waited > 60_000) {
      await stop();
      throw new Error(`code-server did not answer on port ${port} within 60 s; see ${log}`);
    }
    await sleep(200);
  }
  return { port, url: `http://127.0.0.1:${port}`, extensionsDir: dirs.extensions, stop };
}
