/**
 * The API reference's completeness check (issue 19): converts the packages with TypeDoc, as `pnpm docs`
 * does but emitting nothing, and lists every documented-API item that breaks the rule below, plus
 * TypeDoc's own warnings (a public type referenced but not exported, a `{@link}` that does not resolve).
 *
 * The rule. Every item of the reference needs a doc comment whose summary is not empty and whose text
 * (summary or block tags) carries a PyTorch cross-reference: it says "PyTorch" (e.g. "PyTorch:
 * `torch.nn.Linear`", or "(PyTorch has none: ...)" for what PyTorch lacks), or "torchvision" (PyTorch's
 * vision library, which @typetorch/data's datasets and transforms follow), or names a `torch.` symbol.
 * Items: every export of every entry point (classes, interfaces, functions, variables, type aliases,
 * enums, namespaces and their exports), and every property, method and accessor of an exported class
 * or interface (Tensor's methods and getters among them). The comment may sit on the declaration or on
 * one of its signatures (an overload, a getter or setter). A member without a comment of its own that
 * inherits one (from a base class or an implemented interface) counts as documented, since TypeDoc
 * shows the inherited comment. Constructors are documented by their class's comment, as PyTorch's class
 * docstrings document `__init__`. `@internal` items are not in the reference, so not checked.
 *
 * Usage: `pnpm docs:check` (every package), `pnpm docs:check nn optim` (named packages only: faster,
 * but `{@link}`s are checked only in the full run, since they may point into another package).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  Application,
  type Comment,
  type DeclarationReflection,
  Logger,
  LogLevel,
  type ProjectReflection,
  type Reflection,
  ReflectionKind,
  type SignatureReflection,
  TSConfigReader,
  TypeDocReader,
} from 'typedoc';

/** One item of the reference that breaks the rule. */
export interface DocProblem {
  /** Package directory name under packages/, e.g. `nn`. */
  readonly pkg: string;
  /** Path of the declaring file, relative to the package directory. */
  readonly file: string;
  readonly line: number;
  /** Qualified name, e.g. `Tensor.add` or `F.relu`. */
  readonly name: string;
  readonly kind: string;
  readonly reason: 'no doc comment' | 'no PyTorch cross-reference';
}

/** What one run found: rule breaks, and TypeDoc's warnings and errors (as TypeDoc words them). */
export interface DocReport {
  readonly problems: readonly DocProblem[];
  readonly warnings: readonly string[];
}

const root = new URL('..', import.meta.url).pathname;

/** The cross-reference rule: "PyTorch" or "torchvision" (any case), or a `torch.` name. */
const crossReference = /pytorch|torchvision|\btorch\.[A-Za-z_]/i;

/** Top-level kinds (exports of an entry point or a namespace) that must be documented. */
const exportKinds =
  ReflectionKind.Class |
  ReflectionKind.Interface |
  ReflectionKind.Function |
  ReflectionKind.Variable |
  ReflectionKind.TypeAlias |
  ReflectionKind.Enum |
  ReflectionKind.Namespace;

/** Members (of an exported class or interface, or an enum) that must be documented. */
const memberKinds =
  ReflectionKind.Property | ReflectionKind.Method | ReflectionKind.Accessor | ReflectionKind.EnumMember;

/** Keeps TypeDoc's warnings and errors instead of printing them. */
class CollectingLogger extends Logger {
  readonly messages: string[] = [];
  override log(message: string, level: LogLevel): void {
    super.log(message, level);
    if (level >= LogLevel.Warn) this.messages.push(message);
  }
}

function commentText(comment: Comment | undefined): { summary: string; all: string } {
  if (comment === undefined) return { summary: '', all: '' };
  const summary = comment.summary.map((p) => p.text).join('');
  const tags = comment.blockTags.map((t) => t.content.map((p) => p.text).join('')).join('\n');
  return { summary, all: `${summary}\n${tags}` };
}

/** The comments an item may be documented by: its own, then its signatures' (overloads, accessors). */
function commentsOf(r: DeclarationReflection): (Comment | undefined)[] {
  const sigs: (SignatureReflection | undefined)[] = [
    ...(r.signatures ?? []),
    r.getSignature,
    r.setSignature,
    ...(r.type?.type === 'reflection' ? (r.type.declaration.signatures ?? []) : []),
  ];
  return [r.comment, ...sigs.map((s) => s?.comment)];
}

/** Why an item documented by `comments` (its own and its signatures') breaks the rule, if it does. */
export function judge(comments: readonly (Comment | undefined)[]): DocProblem['reason'] | undefined {
  const texts = comments.map(commentText);
  const documented = texts.filter((t) => t.summary.trim() !== '');
  if (documented.length === 0) return 'no doc comment';
  return texts.some((t) => crossReference.test(t.all)) ? undefined : 'no PyTorch cross-reference';
}

function sourceOf(r: DeclarationReflection): { fileName: string; line: number } | undefined {
  const withSources = [r, ...(r.signatures ?? []), r.getSignature, r.setSignature].find(
    (x) => x?.sources !== undefined && x.sources.length > 0,
  );
  const s = withSources?.sources?.[0];
  return s === undefined ? undefined : { fileName: s.fileName, line: s.line };
}

function qualifiedName(r: Reflection): string {
  const parts: string[] = [];
  for (let x: Reflection | undefined = r; x !== undefined; x = x.parent) {
    if (x.kindOf(ReflectionKind.Project | ReflectionKind.Module)) break;
    parts.unshift(x.name);
  }
  return parts.join('.');
}

/** Walks the exports of a module or namespace, and the members of its classes and interfaces. */
function walk(
  container: DeclarationReflection | ProjectReflection,
  visit: (r: DeclarationReflection) => void,
): void {
  for (const child of container.children ?? []) {
    if (child.kindOf(ReflectionKind.Module)) {
      walk(child, visit);
      continue;
    }
    if (!child.kindOf(exportKinds)) continue;
    visit(child);
    if (child.kindOf(ReflectionKind.Namespace)) walk(child, visit);
    if (!child.kindOf(ReflectionKind.Class | ReflectionKind.Interface | ReflectionKind.Enum)) continue;
    for (const member of child.children ?? []) if (member.kindOf(memberKinds)) visit(member);
  }
}

/** Every rule break in `project`, one per declaration (an inherited copy reports at its origin once). */
export function findProblems(project: ProjectReflection): DocProblem[] {
  const seen = new Map<string, DocProblem>();
  walk(project, (r) => {
    const reason = judge(commentsOf(r));
    if (reason === undefined) return;
    const src = sourceOf(r);
    const rel = src?.fileName ?? '?';
    const m = /^packages\/([^/]+)\/(.*)$/.exec(rel);
    // A member inherited from outside the repo (e.g. `Error.message`) is documented where it is declared.
    if (m === null && r.inheritedFrom !== undefined) return;
    const problem: DocProblem = {
      pkg: m?.[1] ?? rel,
      file: m?.[2] ?? rel,
      line: src?.line ?? 0,
      name: qualifiedName(r),
      kind: ReflectionKind.singularString(r.kind),
      reason,
    };
    const key = `${rel}:${problem.line}:${r.name}`;
    // An inherited member appears once per subclass: report it under the class that declares it.
    if (!seen.has(key) || r.inheritedFrom === undefined) seen.set(key, problem);
  });
  return [...seen.values()].sort(
    (a, b) => a.pkg.localeCompare(b.pkg) || a.file.localeCompare(b.file) || a.line - b.line,
  );
}

/**
 * Converts `packages` (directory names under packages/; all when empty) with the repo's typedoc.json,
 * sources on (for file:line), nothing emitted, and reports what breaks the rule.
 */
export async function checkApiDocs(packages: readonly string[] = []): Promise<DocReport> {
  const entryPoints = packages.length === 0 ? ['packages/*'] : packages.map((p) => `packages/${p}`);
  const app = await Application.bootstrapWithPlugins(
    { options: `${root}typedoc.json`, entryPoints, logLevel: LogLevel.Warn },
    [new TypeDocReader(), new TSConfigReader()],
  );
  const logger = new CollectingLogger();
  logger.level = LogLevel.Warn;
  app.logger = logger;
  // Sources on, paths relative to the repo root; disableGit: no git remote needed (this checkout's
  // `origin` is not a public URL).
  const packageOptions = app.options.getValue('packageOptions');
  app.options.setValue('packageOptions', {
    ...packageOptions,
    disableSources: false,
    basePath: root,
    disableGit: true,
    sourceLinkTemplate: '{path}#L{line}',
  });
  // TypeDoc resolves package paths against the working directory. Change it only when needed:
  // process.chdir() throws in a worker thread.
  const previousCwd = process.cwd();
  const moved = resolve(previousCwd) !== resolve(root);
  if (moved) process.chdir(root);
  try {
    const project = await app.convert();
    if (project === undefined)
      return { problems: [], warnings: [...logger.messages, 'TypeDoc failed to convert'] };
    // Links may point into other packages: resolvable only when every package was converted.
    if (packages.length === 0) app.validate(project);
    return { problems: findProblems(project), warnings: logger.messages };
  } finally {
    if (moved) process.chdir(previousCwd);
  }
}

/** The report as text: problems grouped by package (file:line within it), TypeDoc's warnings, counts. */
export function formatReport(report: DocReport): string {
  const counts = new Map<string, number>();
  for (const p of report.problems) counts.set(p.pkg, (counts.get(p.pkg) ?? 0) + 1);
  const lines: string[] = [];
  let pkg = '';
  for (const p of report.problems) {
    if (p.pkg !== pkg) lines.push(`packages/${(pkg = p.pkg)} (${counts.get(pkg)})`);
    lines.push(`  ${p.file}:${p.line}  ${p.name} (${p.kind}): ${p.reason}`);
  }
  if (report.warnings.length > 0) lines.push('TypeDoc warnings:', ...report.warnings.map((w) => `  ${w}`));
  const perPackage = [...counts].map(([k, n]) => `${k} ${n}`).join(', ');
  lines.push(
    `${report.problems.length} undocumented${perPackage === '' ? '' : ` (${perPackage})`}, ` +
      `${report.warnings.length} TypeDoc warnings`,
  );
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const report = await checkApiDocs(process.argv.slice(2));
  console.log(formatReport(report));
  process.exitCode = report.problems.length + report.warnings.length === 0 ? 0 : 1;
}
