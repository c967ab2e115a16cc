import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { lockDataDir } from './data-dir.js';

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-lock-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('lockDataDir', () => {
  it('refuses a directory another live process holds, naming the process', async () => {
    const dir = tmp();
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      fs.writeFileSync(path.join(dir, 'zhanggui.lock'), `${child.pid}\n`);
      expect(() => lockDataDir(dir)).toThrow(new RegExp(`in use by process ${child.pid}`));
    } finally {
      child.kill();
    }
  });

  it('refuses to open the same directory twice in one process', () => {
    const dir = tmp();
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(/already open in this process/);
    release();
    expect(fs.existsSync(path.join(dir, 'zhanggui.lock'))).toBe(false);
    lockDataDir(dir)();
  });

  it('a released lock leaves no exit listener behind (a process opening many stores in turn)', () => {
    const dir = tmp();
    const before = process.listenerCount('exit');
    for (let i = 0; i < 20; i++) lockDataDir(dir)();
    expect(process.listenerCount('exit')).toBe(before);
    const release = lockDataDir(dir);
    expect(process.listenerCount('exit')).toBe(before + 1);
    release();
    expect(process.listenerCount('exit')).toBe(before);
  });

  it('takes over a lock left by a process that has died', async () => {
    const dir = tmp();
    const child = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => child.on('exit', r));
    fs.writeFileSync(path.join(dir, 'zhanggui.lock'), `${child.pid}\n`);
    const release = lockDataDir(dir);
    expect(fs.readFileSync(path.join(dir, 'zhanggui.lock'), 'utf8').trim()).toBe(String(process.pid));
    release();
  });
});
