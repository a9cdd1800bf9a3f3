/**
 * The architecture stated once (`LAYERS` in eslint.config.mjs) and checked three ways: the real
 * imports obey it and the parts form no cycle; ESLint refuses a probe for every forbidden edge; and
 * docs/architecture.md carries the same table, and names every part of the tree.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { cycles, DOC_FILE, importEdges, layersTable, loadLayers, PRODUCT_FOLDERS, violation, withLayersTable, type Layers } from '../../scripts/architecture.js';
import { REPO_ROOT } from '../helpers/paths.js';

let layers: Layers;
beforeAll(async () => {
  layers = await loadLayers();
});

describe('the real imports', () => {
  const edges = importEdges();

  it('are found (the scan sees the tree)', () => {
    expect(edges.some((e) => e.from === 'activities' && e.to === 'domain/engine')).toBe(true);
    expect(edges.some((e) => e.from === 'workflows' && e.to === 'activities' && e.typeOnly)).toBe(true);
  });

  it('obey the layer table', () => {
    expect(edges.map((e) => violation(layers, e)).filter(Boolean)).toEqual([]);
  });

  it('form no cycle between parts', () => {
    expect(cycles(edges)).toEqual([]);
  });

  it('a violation is reported with the file and the rule (the check itself works)', () => {
    const edge = { from: 'domain/engine', to: 'activities', file: 'domain/engine/x.ts', specifier: '../../activities/index.js', typeOnly: false };
    expect(violation(layers, edge)).toBe('domain/engine/x.ts imports ../../activities/index.js: domain/ must not import activities/');
    expect(violation(layers, { ...edge, from: 'workflows', to: 'domain/prices', file: 'workflows/x.ts', specifier: '../domain/prices/index.js' })).toMatch(/only types from domain\//);
    expect(violation(layers, { ...edge, from: 'workflows', to: 'domain/market-hours', file: 'workflows/x.ts' })).toBeNull();
    expect(cycles([{ ...edge, from: 'a', to: 'b' }, { ...edge, from: 'b', to: 'a' }])).toContainEqual(['a', 'b', 'a']);
  });
});

describe('the lint rules', () => {
  const eslint = new ESLint({ cwd: REPO_ROOT });
  /** A probe file in `part` importing a value from `target` (both top-level-relative folders). */
  async function lintImport(part: string, target: string): Promise<string[]> {
    const file = path.join(REPO_ROOT, part, 'lint-probe.ts');
    const specifier = path.posix.relative(part, `${target}/index.js`);
    const code = `import { something } from '${specifier.startsWith('.') ? specifier : `./${specifier}`}';\nexport const x = something;\n`;
    const [result] = await eslint.lintText(code, { filePath: file });
    return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  }
  const probePart = (part: string) => (part === 'domain' ? 'domain/engine' : part === 'apps' ? 'apps/api' : part);

  it('refuse a value import across every forbidden or types-only boundary', async () => {
    const missed: string[] = [];
    for (const [part, rule] of Object.entries(layers)) {
      for (const target of [...rule.forbid, ...(rule.types ?? [])]) {
        const targetPart = probePart(target) === probePart(part) ? `${target}/other` : probePart(target);
        if ((await lintImport(probePart(part), targetPart)).length === 0) missed.push(`${part} → ${target}`);
      }
    }
    expect(missed).toEqual([]);
  });

  it('allow what the table allows (a domain part importing common, apps/api importing domain)', async () => {
    expect(await lintImport('domain/engine', 'common')).toEqual([]);
    expect(await lintImport('apps/api', 'domain/registry')).toEqual([]);
    expect(await lintImport('workflows', 'domain/market-hours')).toEqual([]);
  });
});

describe('docs/architecture.md', () => {
  const doc = readFileSync(DOC_FILE, 'utf8');

  it('carries the layer table generated from LAYERS (npm run docs:architecture)', () => {
    expect(doc).toBe(withLayersTable(doc, layersTable(layers)));
  });

  it('names every part of the tree, and every part has a README', () => {
    const parts = PRODUCT_FOLDERS.flatMap((top) =>
      top === 'domain' || top === 'apps'
        ? readdirSync(path.join(REPO_ROOT, top)).filter((d) => statSync(path.join(REPO_ROOT, top, d)).isDirectory()).map((d) => `${top}/${d}`)
        : [top],
    );
    expect(parts.filter((p) => !doc.includes(`\`${p}/\``))).toEqual([]);
    const withoutReadme = [...parts, 'domain', 'apps'].filter((p) => {
      try {
        return !statSync(path.join(REPO_ROOT, p, 'README.md')).isFile();
      } catch {
        return true;
      }
    });
    expect(withoutReadme).toEqual([]);
  });
});
