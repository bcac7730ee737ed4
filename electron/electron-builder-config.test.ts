import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEEP_LINK_SCHEME } from '../shared/protocol/ipc';
import { ROOT } from './build-config';

// electron-builder's own schema check, reached through CommonJS because the
// packages ship no types for these internals.
const require = createRequire(import.meta.url);
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
const yaml = require('js-yaml') as { load(text: string): unknown };

const configPath = path.join(ROOT, 'build', 'electron-builder.yml');

interface BuilderConfig {
  appId: string;
  files: string[];
  icon: string;
  protocols: { schemes: string[] }[];
  linux: { icon: string; mimeTypes: string[] };
}

describe('build/electron-builder.yml', () => {
  const config = yaml.load(fs.readFileSync(configPath, 'utf8')) as BuilderConfig;

  // Loading electron-builder's schema validator takes seconds on a busy machine.
  it('matches electron-builder’s configuration schema', { timeout: 30_000 }, async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('packages the bundles the main entry points at, and the renderer', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('dist/electron/main/index.cjs');
    expect(config.files).toEqual(expect.arrayContaining(['dist/electron/**', 'dist/renderer/**', 'package.json']));
  });

  it('registers the invite deep-link scheme and references icons that exist', () => {
    expect(config.protocols.flatMap((p) => p.schemes)).toContain(DEEP_LINK_SCHEME);
    expect(config.linux.mimeTypes).toContain(`x-scheme-handler/${DEEP_LINK_SCHEME}`);
    for (const icon of [config.icon, config.linux.icon]) expect(fs.existsSync(path.join(ROOT, icon)), icon).toBe(true);
  });
});
