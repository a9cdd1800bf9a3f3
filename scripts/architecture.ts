/**
 * The architecture as data: which part of the tree imports which (from the real sources, with
 * type-only imports told apart), the layer table of `LAYERS` (eslint.config.mjs) as Markdown, and
 * `npm run docs:architecture`, which rewrites that table in docs/architecture.md.
 * test/lint/architecture.test.ts checks the three against each other.
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

export interface LayerRule {
  forbid: string[];
  types?: string[];
  /** Parts inside a forbidden or types-only one that may be imported freely (workflows → domain/market-hours). */
  except?: string[];
}
export type Layers = Record<string, LayerRule>;

export interface ImportEdge {
  from: string;
  to: string;
  /** The importing file (repo-relative) and the specifier, for messages. */
  file: string;
  specifier: string;
  typeOnly: boolean;
}

export const REPO_ROOT = path.resolve(import.meta.dirname, '..');
/** Folders whose code is the product (tests, benchmarks and scripts may import anything). */
export const PRODUCT_FOLDERS = ['common', 'config', 'domain', 'activities', 'workflows', 'worker', 'client', 'schedules', 'apps'];
/** Folders whose children are parts of their own (domain/engine, apps/api, …). */
const GROUPS = new Set(['domain', 'apps']);

export async function loadLayers(root = REPO_ROOT): Promise<Layers> {
  const config = (await import(pathToFileURL(path.join(root, 'eslint.config.mjs')).href)) as { LAYERS: Layers };
  return config.LAYERS;
}

/** The part a repo-relative path belongs to: `domain/engine` for domain/engine/x.ts, `worker` for worker/x.ts. */
export function partOf(file: string): string {
  const [top, sub] = file.split('/');
  return GROUPS.has(top!) && sub !== undefined && !sub.includes('.') ? `${top}/${sub}` : top!;
}

/** The rule that governs a part: its own entry, else its group's (`domain` for `domain/engine`). */
export function ruleFor(layers: Layers, part: string): { name: string; rule: LayerRule } | null {
  if (layers[part]) return { name: part, rule: layers[part] };
  const group = part.split('/')[0]!;
  return layers[group] ? { name: group, rule: layers[group] } : null;
}

/** Whether `rulePart` (a LAYERS key such as `apps` or `apps/api`) covers the imported part. */
const covers = (rulePart: string, part: string) => part === rulePart || part.startsWith(`${rulePart}/`);

/** Why an edge breaks the table, or null when it is allowed. */
export function violation(layers: Layers, edge: ImportEdge): string | null {
  const found = ruleFor(layers, edge.from);
  if (!found || edge.from === edge.to) return null;
  if ((found.rule.except ?? []).some((p) => covers(p, edge.to))) return null;
  if (found.rule.forbid.some((p) => covers(p, edge.to))) return `${edge.file} imports ${edge.specifier}: ${found.name}/ must not import ${edge.to}/`;
  if (!edge.typeOnly && (found.rule.types ?? []).some((p) => covers(p, edge.to))) return `${edge.file} imports values from ${edge.specifier}: ${found.name}/ may import only types from ${edge.to}/`;
  return null;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(full);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Every relative import between two different parts in the product folders. */
export function importEdges(root = REPO_ROOT): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const folder of PRODUCT_FOLDERS) {
    for (const full of sourceFiles(path.join(root, folder))) {
      const file = path.relative(root, full).split(path.sep).join('/');
      const source = ts.createSourceFile(file, readFileSync(full, 'utf8'), ts.ScriptTarget.Latest, true);
      const add = (specifier: string, typeOnly: boolean) => {
        if (!specifier.startsWith('.')) return;
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
        const from = partOf(file);
        const to = partOf(target);
        if (from !== to) edges.push({ from, to, file, specifier, typeOnly });
      };
      const visit = (node: ts.Node) => {
        if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
          const clause = node.importClause;
          const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && !!clause.namedBindings && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
          add(node.moduleSpecifier.text, typeOnly);
        } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
          const typeOnly = node.isTypeOnly || (!!node.exportClause && ts.isNamedExports(node.exportClause) && node.exportClause.elements.every((e) => e.isTypeOnly));
          add(node.moduleSpecifier.text, typeOnly);
        } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
          add(node.arguments[0].text, false);
        } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
          add(node.argument.literal.text, true);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
  }
  return edges;
}

/** The parts that import each other in a ring (value or type imports), or [] when there is none. */
export function cycles(edges: ImportEdge[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const e of edges) next.set(e.from, (next.get(e.from) ?? new Set()).add(e.to));
  const found: string[][] = [];
  const visit = (part: string, trail: string[]) => {
    const at = trail.indexOf(part);
    if (at >= 0) return void found.push([...trail.slice(at), part]);
    for (const n of next.get(part) ?? []) visit(n, [...trail, part]);
  };
  for (const start of next.keys()) visit(start, []);
  return found;
}

/** The Markdown table docs/architecture.md carries between its layer markers. */
export function layersTable(layers: Layers): string {
  const list = (parts: string[] | undefined) => (parts?.length ? parts.map((p) => `\`${p}/\``).join(', ') : '—');
  return [
    '| part | must not import | types only from | except (free to import) |',
    '|---|---|---|---|',
    ...Object.entries(layers).map(([part, rule]) => `| \`${part}/\` | ${list(rule.forbid)} | ${list(rule.types)} | ${list(rule.except)} |`),
  ].join('\n');
}

export const DOC_FILE = path.join(REPO_ROOT, 'docs', 'architecture.md');
const START = '<!-- layers:start -->';
const END = '<!-- layers:end -->';

/** docs/architecture.md with its layer section replaced by `table`. */
export function withLayersTable(doc: string, table: string): string {
  const from = doc.indexOf(START);
  const to = doc.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${DOC_FILE}: the markers ${START} … ${END} are missing`);
  return `${doc.slice(0, from + START.length)}\n${table}\n${doc.slice(to)}`;
}

if (import.meta.filename === process.argv[1]) {
  const doc = readFileSync(DOC_FILE, 'utf8');
  writeFileSync(DOC_FILE, withLayersTable(doc, layersTable(await loadLayers())));
  console.log(`${path.relative(process.cwd(), DOC_FILE)}: layer table written`);
}
