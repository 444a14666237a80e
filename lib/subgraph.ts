import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  execute,
  getNamedType,
  isInputObjectType,
  isNonNullType,
  parse,
  typeFromAST,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLError,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type FieldNode,
  type SelectionNode,
  isObjectType,
  Kind,
} from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { requestDb, type Database, type Db } from './db.js';
import type { Identity } from './identity.js';
import { checkInputs } from './inputs.js';
import { createRegistryApi, NameCache, type RegistryApi, type RegistryExecutor } from './registry-api.js';
import { httpRegistryExecutor, httpSubgraphExecutor } from './registry-http.js';
import type { RowStream } from './export.js';
import type { SeedHooks } from './seed.js';
import type { ImportEntry } from './import/jobs.js';
import type { RequestScope } from './telemetry.js';

/** The per-request context every resolver receives; `L` is the subgraph's loaders. */
export interface SubgraphContext<L = unknown> {
  identity: Identity;
  db: Db;
  loaders: L;
  /** Facts about organisations and places, asked of the registry's graph. */
  registry: RegistryApi;
  /** The request served: its statements counted there (lib/telemetry.ts). */
  scope?: RequestScope;
  /**
   * Calls to the other subgraphs, by name, for a view that gathers what each owns (the
   * registry's cross-channel coverage, lib/coverage-across.ts): in process or signed HTTP.
   */
  peers?: PeerExecutors;
}

/** An executor of subgraph `name`'s graph, as `RegistryExecutor` runs the registry's. */
export type PeerExecutors = (name: string) => RegistryExecutor;

/**
 * One subgraph: everything the composer, the embedded runner, the distributed main and the
 * test harness need, with no side effects. `subgraphs/index.ts` lists them all.
 */
export interface SubgraphModule<L = unknown> {
  /** Folder, subgraph, compose service and docker service name. */
  name: string;
  typeDefs: DocumentNode;
  /**
   * Typed where they are written, by the `Resolvers` generated from the subgraph's SDL
   * (`types.generated.ts`, codegen.ts): arguments, parents and results as the schema and the
   * mappers say. The federation library reads the map as its own, looser shape.
   */
  resolvers: object;
  /** Committed drizzle-kit migrations for this subgraph's own schema. */
  migrationsFolder: string;
  /** Loaders for one request; made in the context function, never shared between requests. */
  createLoaders(db: Db, identity: Identity): L;
  seed?: SeedHooks;
  /** Long lists it streams to the exports by name (lib/export.ts, docs/export.md). */
  streams?: Record<string, RowStream>;
  /** The kinds of record this subgraph imports from files (lib/import, docs/import.md). */
  imports?: ImportEntry[];
}

/**
 * Declare a subgraph. Its loaders' type is private to it: the composer, runners and harness
 * treat every module alike, so the list holds them with loaders as `unknown`.
 */
export function defineSubgraph<L>(module: SubgraphModule<L>): SubgraphModule<unknown> {
  return module;
}

/** A subgraph bound to a database: what serves requests in either topology. */
export interface SubgraphRuntime<L = unknown> {
  module: SubgraphModule<L>;
  schema: GraphQLSchema;
  database: Database;
  /** A request's context; its statements and registry lookups count in `scope`. */
  contextFor(identity: Identity, scope?: RequestScope): SubgraphContext<L>;
  /**
   * Execute an operation (embedded gateway, registry lookups, tests, and the subgraph's own
   * HTTP server): compiled once per document and operation name, then run.
   */
  execute(query: string, variables: Record<string, unknown> | undefined, context: SubgraphContext<L>, operationName?: string): Promise<ExecutionResult>;
}

export function buildSchemaOf(module: SubgraphModule<unknown>): GraphQLSchema {
  const schema = buildSubgraphSchema({ typeDefs: module.typeDefs, resolvers: module.resolvers as GraphQLResolverMap<unknown> });
  batchEntities(schema);
  checkInputs(schema);
  return schema;
}

type ResolveReference = (reference: Record<string, unknown>, context: unknown, info: GraphQLResolveInfo) => unknown;
/** A whole batch of one type's references at once, in order; null: resolve them one by one. */
type ResolveReferences<R, C> = (references: R[], context: C, info: GraphQLResolveInfo) => Promise<unknown[]> | null;

/**
 * A reference resolver that can also take a whole `_entities` batch of its type in one call
 * (`many`, used by `batchEntities` when every representation is of this type): no loader call
 * and no promise per entity. `many` may decline (null), and the references go one by one.
 * (Resolver maps type `__resolveReference` as a field resolver: `info` arrives as `unknown`.)
 */
export function inBulk<R, C, F extends (reference: R, context: C, info: GraphQLResolveInfo) => unknown>(
  one: F,
  many: ResolveReferences<R, C>,
): F & { many: ResolveReferences<R, C> } {
  return Object.assign(one, { many });
}

/**
 * `_entities` resolved as one batch. @apollo/subgraph's resolver answers each representation
 * with its own async wrapper (a promise per entity, then one per list item in the executor): a
 * national picture's 23,000 organisations cost more in wrappers than in SQL. When every
 * representation names an object type, this resolver calls each type's `__resolveReference`
 * (the loaders batch them into one statement per type), waits once, and returns plain values;
 * an entity whose resolution failed answers with its own error, at its own index, as before.
 * Anything else (an interface entity) goes to the library's resolver unchanged. (The library
 * also narrows cache-control hints by entity type; no subgraph here sets any.)
 */
function batchEntities(schema: GraphQLSchema) {
  const field = schema.getQueryType()?.getFields()._entities;
  const library = field?.resolve;
  if (!field || !library) return;
  field.resolve = (root, args: { representations: Record<string, unknown>[] }, context, info) => {
    const { representations } = args;
    const types: GraphQLObjectType[] = [];
    for (const reference of representations) {
      const type = typeof reference.__typename === 'string' ? schema.getType(reference.__typename) : undefined;
      if (!isObjectType(type)) return library(root, args, context, info);
      types.push(type);
    }
    const only = types.length > 0 && types.every((t) => t === types[0]) ? types[0] : null;
    const bulk = only ? resolverOf(only)?.many?.(representations, context, info) : null;
    if (bulk) return bulk.then((list) => list.map((v) => withTypename(v, only!.name)));
    const values = new Array<unknown>(representations.length);
    const pending: Promise<void>[] = [];
    for (let i = 0; i < representations.length; i++) {
      const resolve = resolverOf(types[i]);
      const value = resolve ? resolve(representations[i], context, info) : representations[i];
      if (isPromiseLike(value))
        pending.push(
          Promise.resolve(value).then(
            (v) => void (values[i] = withTypename(v, types[i].name)),
            // An error as a list item is that item's error, in graphql-js and graphql-jit alike
            // (a rejected promise among plain items makes graphql-jit append a null).
            (e) => void (values[i] = e instanceof Error ? e : new Error(String(e))),
          ),
        );
      else values[i] = withTypename(value, types[i].name);
    }
    return pending.length ? Promise.all(pending).then(() => values) : values;
  };
}

/** A type's reference resolver, as @apollo/subgraph keeps it (with `many` when made by `inBulk`). */
const resolverOf = (type: GraphQLObjectType) =>
  (type.extensions as { apollo?: { subgraph?: { resolveReference?: ResolveReference & { many?: ResolveReferences<unknown, unknown> } } } }).apollo?.subgraph
    ?.resolveReference;

const perField = new WeakMap<readonly FieldNode[], Map<unknown, unknown>>();

/**
 * `compute()` once per operation field and `key` (a string, or an object such as the set a
 * lookahead checks against, so no key is built per value): `info.fieldNodes` is the same object
 * for every value of a batch, so a lookahead is decided once, not once per value.
 */
export function oncePerField<T>(info: GraphQLResolveInfo, key: string | object, compute: () => T): T {
  let memo = perField.get(info.fieldNodes);
  if (!memo) perField.set(info.fieldNodes, (memo = new Map()));
  if (!memo.has(key)) memo.set(key, compute());
  return memo.get(key) as T;
}

/**
 * The fields an operation field asks of its `type` value, through inline and named fragments
 * (a fragment on another type is skipped): each name, and whether it has a selection of its
 * own. Null when a named fragment cannot be found. Lets a resolver read or compute less
 * (`entitySelectionWithin`); decided once per operation field
 * (`info.fieldNodes` is the same object for every value of a batch).
 */
export function fieldsAsked(info: GraphQLResolveInfo, type: string): ReadonlyMap<string, boolean> | null {
  return oncePerField(info, `asked ${type}`, () => {
    const found = new Map<string, boolean>();
    const collect = (nodes: readonly SelectionNode[], applies: boolean): boolean =>
      nodes.every((s) => {
        if (s.kind === Kind.FIELD) {
          if (applies) found.set(s.name.value, (found.get(s.name.value) ?? false) || !!s.selectionSet);
          return true;
        }
        const fragment = s.kind === Kind.INLINE_FRAGMENT ? s : info.fragments[s.name.value];
        if (!fragment) return false;
        const condition = fragment.typeCondition?.name.value;
        return collect(fragment.selectionSet.selections, applies || condition === type || condition === undefined);
      });
    const topApplies = getNamedType(info.returnType).name === type;
    return info.fieldNodes.every((node) => collect(node.selectionSet?.selections ?? [], topApplies)) ? found : null;
  });
}

/**
 * Whether an `_entities` call asks of `type` for nothing but the leaf `fields`: a bulk
 * reference resolver (`inBulk`) can then read less.
 */
export function entitySelectionWithin(info: GraphQLResolveInfo, type: string, fields: ReadonlySet<string>): boolean {
  const asked = fieldsAsked(info, type);
  return asked !== null && [...asked].every(([name, nested]) => fields.has(name) && !nested);
}

/**
 * Whether a field's selection reaches `path` (`selects(info, 'helper', 'name')`: some record
 * asks for its helper's name), through fragments whatever their type condition, so a yes may
 * be a type's that the values do not have; a named fragment that cannot be found counts as yes.
 * Decided once per operation field.
 */
export function selects(info: GraphQLResolveInfo, ...path: string[]): boolean {
  return oncePerField(info, `selects ${path.join('.')}`, () => {
    const reaches = (nodes: readonly SelectionNode[], depth: number): boolean =>
      nodes.some((s) => {
        if (s.kind === Kind.FIELD) return s.name.value === path[depth] && (depth === path.length - 1 || reaches(s.selectionSet?.selections ?? [], depth + 1));
        const fragment = s.kind === Kind.INLINE_FRAGMENT ? s : info.fragments[s.name.value];
        return !fragment || reaches(fragment.selectionSet.selections, depth);
      });
    return info.fieldNodes.some((node) => reaches(node.selectionSet?.selections ?? [], 0));
  });
}

/**
 * Whether a field's selection asks only for fields in `allowed`, through fragments whatever their
 * type condition (a named fragment that cannot be found counts as no): a list resolver may then
 * read only the columns those fields need (the national picture asks its ~8,700 military and
 * party records for their helpers alone). Decided once per operation field.
 */
export function asksOnly(info: GraphQLResolveInfo, allowed: ReadonlySet<string>): boolean {
  return oncePerField(info, allowed, () => {
    const within = (nodes: readonly SelectionNode[]): boolean =>
      nodes.every((s) => {
        if (s.kind === Kind.FIELD) return allowed.has(s.name.value);
        const fragment = s.kind === Kind.INLINE_FRAGMENT ? s : info.fragments[s.name.value];
        return !!fragment && within(fragment.selectionSet.selections);
      });
    return info.fieldNodes.every((node) => within(node.selectionSet?.selections ?? []));
  });
}

/**
 * A channel's records, returned once the names of their helpers are loaded when the query asks
 * for `helper { name }`: the channel provides the name (`helper: Organization! @provides(fields:
 * "name")`), read from the registry in one call for every list of the batch, so the gateway
 * makes no second trip per helper. `Organization.name` is then `helperName`.
 */
export async function withHelperNames<R extends { helperId: string }>(records: R[], ctx: SubgraphContext<unknown>, info: GraphQLResolveInfo): Promise<R[]> {
  if (records.length && selects(info, 'helper', 'name')) await ctx.registry.loadNames(records.map((r) => r.helperId));
  return records;
}

/**
 * `Organization.name` in a channel (an @external field the channel provides on `helper`): the
 * name `withHelperNames` loaded, or one asked of the registry now (a record reached by a path
 * that did not load names).
 */
export function helperName(org: { id: string }, _: unknown, ctx: SubgraphContext<unknown>): string | Promise<string> {
  const known = ctx.registry.knownName(org.id);
  if (known === undefined) return ctx.registry.loadNames([org.id]).then(() => nameOrThrow(org.id, ctx.registry.knownName(org.id)));
  return nameOrThrow(org.id, known);
}

function nameOrThrow(id: string, name: string | null | undefined): string {
  if (name == null) throw new Error(`organisation ${id} is not in the registry`);
  return name;
}

const isPromiseLike = (v: unknown): v is PromiseLike<unknown> => typeof (v as PromiseLike<unknown> | null)?.then === 'function';

/** The entity marked with its type, as @apollo/subgraph does (a row is not copied unless it names another type). */
function withTypename(value: unknown, typename: string): unknown {
  if (value === null || typeof value !== 'object') return value;
  if ('__typename' in value) return value.__typename === typename ? value : { ...value, __typename: typename };
  Object.defineProperty(value, '__typename', { value: typename });
  return value;
}

/**
 * Bind a module to a database. `registry` answers the registry lookups of this subgraph's
 * requests: in process when the registry runs beside it, over HTTP otherwise; `peers` the calls
 * of a view to other subgraphs.
 */
export function createRuntime<L>(module: SubgraphModule<L>, database: Database, registry: () => RegistryExecutor, peers?: PeerExecutors): SubgraphRuntime<L> {
  const schema = buildSchemaOf(module as unknown as SubgraphModule<unknown>);
  // Plans are few and repeat: keep each operation parsed, validated and compiled once (graphql-jit
  // turns it into a function: the national picture completes ~100,000 objects in one subgraph
  // call), bounded so a client cannot grow the cache. A literal a scalar refuses (a float for
  // Money) passes validation and is refused with its input path before the resolver runs
  // (`checkInputs`, lib/inputs.ts).
  const documents = new Map<string, Prepared>();
  // The helpers' names this process was given, kept while the registry's names revision holds.
  const nameCache = new NameCache();
  const prepare = (query: string, operationName: string | undefined): Prepared => {
    const key = operationName ? `${operationName}\n${query}` : query;
    let entry = documents.get(key);
    if (!entry) {
      const document = parse(query);
      const errors = validate(schema, document);
      entry = errors.length ? { errors } : { errors, run: compile(schema, document, operationName) };
      if (documents.size < 1000) documents.set(key, entry);
    }
    return entry;
  };
  return {
    module,
    schema,
    database,
    contextFor: (identity, scope) => {
      const db = requestDb(database.db, scope);
      return { identity, db, loaders: module.createLoaders(db, identity), registry: createRegistryApi(registry(), identity, nameCache, scope), scope, peers };
    },
    execute: async (query, variables, context, operationName) => {
      const { errors, run } = prepare(query, operationName);
      return run ? run(variables, context) : { errors };
    },
  };
}

interface Prepared {
  errors: readonly GraphQLError[];
  run?: (variables: Record<string, unknown> | undefined, context: unknown) => Promise<ExecutionResult>;
}

/**
 * A validated operation as a function: compiled by graphql-jit, or executed by graphql-js when
 * graphql-jit declines the document or would coerce its inputs wrongly. Unlike graphql-js, a
 * compiled query reads a field without a resolver as a plain value: a field whose value is a
 * promise (or a function) needs a resolver.
 */
function compile(schema: GraphQLSchema, document: DocumentNode, operationName?: string): NonNullable<Prepared['run']> {
  const compiled = usesAnyInput(schema, document, inputsWithRequiredDefaults(schema)) ? null : compileOrNull(schema, document, operationName);
  if (compiled && isCompiledQuery(compiled))
    return async (variables, context) => (await compiled.query(undefined, context, variables ?? {})) as ExecutionResult;
  return async (variables, context) =>
    (await execute({ schema, document, variableValues: variables, contextValue: context, operationName })) as ExecutionResult;
}

function compileOrNull(schema: GraphQLSchema, document: DocumentNode, operationName?: string) {
  try {
    return compileQuery(schema, document, operationName);
  } catch {
    return null; // a construct graphql-jit cannot compile: graphql-js runs it
  }
}

const requiredDefaults = new WeakMap<GraphQLSchema, Set<string>>();

/**
 * Input types with a non-null field that has a default (`soldiers: Int! = 0`), directly or in a
 * nested input: graphql-jit reports such a field as missing when it is left out instead of
 * applying the default (zalando-incubator/graphql-jit#142), so operations using them run on graphql-js.
 */
function inputsWithRequiredDefaults(schema: GraphQLSchema): Set<string> {
  let names = requiredDefaults.get(schema);
  if (names) return names;
  const inputs = Object.values(schema.getTypeMap()).filter(isInputObjectType);
  const found = new Set(
    inputs.filter((t) => Object.values(t.getFields()).some((f) => isNonNullType(f.type) && f.defaultValue !== undefined)).map((t) => t.name),
  );
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of inputs)
      if (!found.has(t.name) && Object.values(t.getFields()).some((f) => found.has(getNamedType(f.type).name))) grew = !!found.add(t.name);
  }
  requiredDefaults.set(schema, (names = found));
  return names;
}

/** Whether a variable or an argument of the operation has one of these input types. */
function usesAnyInput(schema: GraphQLSchema, document: DocumentNode, names: Set<string>): boolean {
  if (!names.size) return false;
  const info = new TypeInfo(schema);
  let uses = false;
  const check = (type: GraphQLInputType | null | undefined) => (uses ||= !!type && names.has(getNamedType(type).name));
  visit(
    document,
    visitWithTypeInfo(info, {
      VariableDefinition: (node) => check(typeFromAST(schema, node.type) as GraphQLInputType | undefined),
      Argument: () => check(info.getArgument()?.type),
    }),
  );
  return uses;
}

/**
 * A subgraph running alone (distributed topology): the registry answers its own lookups in
 * process; a channel asks the registry at `registryUrl` over HTTP, signed with `secret`. `peers`
 * gives the other subgraphs' URLs by name (read at each call) for the views that ask them.
 */
export function createStandaloneRuntime(
  module: SubgraphModule<unknown>,
  database: Database,
  registry: { url: string; secret: string } | null,
  peers?: { urlOf: (name: string) => string | undefined; secret: string },
): SubgraphRuntime<unknown> {
  const remote = module.name !== 'registry' && registry ? httpRegistryExecutor(registry.url, registry.secret) : null;
  const peerExecutors = new Map<string, RegistryExecutor>();
  const peer: PeerExecutors | undefined = peers
    ? (name) => {
        const url = peers.urlOf(name);
        if (!url) throw new Error(`the ${name} subgraph's URL is not known here (${name.toUpperCase()}_URL)`);
        let executor = peerExecutors.get(url);
        if (!executor) peerExecutors.set(url, (executor = httpSubgraphExecutor(name, url, peers.secret)));
        return executor;
      }
    : undefined;
  const runtime: SubgraphRuntime<unknown> = createRuntime(module, database, () => remote ?? localExecutor(runtime), peer);
  return runtime;
}

/** An executor that runs in this process against a subgraph's runtime (the registry's, or a peer's). */
export function localExecutor(runtime: SubgraphRuntime): RegistryExecutor {
  return (query, variables, identity, scope) => runtime.execute(query, variables, runtime.contextFor(identity, scope));
}
