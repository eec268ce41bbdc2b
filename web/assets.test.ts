import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { dashboardAsset, dashboardPaths } from './assets.ts';

const scripts = dashboardPaths.filter((path) => path.endsWith('.js'));
const body = (path: string) => dashboardAsset(path)?.body ?? '';

describe('the dashboard files', () => {
  it('serves the page, its stylesheet and its modules with UTF-8 content types', () => {
    expect(dashboardAsset('/')?.contentType).toBe('text/html; charset=utf-8');
    expect(dashboardAsset('/app.css')?.contentType).toBe('text/css; charset=utf-8');
    expect(dashboardAsset('/app.js')?.contentType).toBe('text/javascript; charset=utf-8');
    expect(dashboardAsset('/index.html')).toBe(dashboardAsset('/'));
    expect(dashboardAsset('/v1/requests')).toBeUndefined();
    expect(dashboardAsset('/../package.json')).toBeUndefined();
  });

  it('has only modules that parse', () => {
    for (const path of scripts) {
      expect(() => transformSync(body(path), { format: 'esm', loader: 'js' }), path).not.toThrow();
    }
  });

  it('links only files it serves', () => {
    const linked = [...body('/').matchAll(/(?:src|href)="(\/[^"]*)"/g)].map((match) => match[1]);
    const imported = scripts.flatMap((path) =>
      [...body(path).matchAll(/from '\.(\/[\w-]+\.js)'/g)].map((match) => match[1]),
    );
    expect(linked).toEqual(['/app.css', '/app.js']);
    expect(imported.length).toBeGreaterThan(5);
    for (const path of [...linked, ...imported])
      expect(dashboardAsset(path ?? ''), path).toBeDefined();
  });

  it('never turns strings into markup', () => {
    for (const path of scripts) {
      expect(body(path), path).not.toMatch(
        /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/,
      );
    }
  });
});
