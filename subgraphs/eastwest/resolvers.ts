import { and, eq, inArray, like, or } from 'drizzle-orm';
import { audited } from '../../lib/audit.js';
import { recordOne } from '../../lib/import/run.js';
import { importFields, importTypeResolvers } from '../../lib/import/graphql.js';
import type { ImportEntry } from '../../lib/import/jobs.js';
import { fiscalAidImport, industrialProjectImport, labourImport, meetingImport, produceImport, talentImport } from './import.js';
import { checkFlowsInside, checkNewPairing, checkPairingClash, checkPairingRound, pairingBatch, pairingImport } from './pairing-import.js';
import { connectionResolvers, pagedList } from '../../lib/pagination.js';
import { levelOf, normalizeCode, provinceCodeOf, WESTERN_EXCEPTIONS, zoneOf, type RegionLevel } from '../../lib/codes.js';
import type { Db } from '../../lib/db.js';
import { demoCondition, demoFilterOf, passesDemo, type DemoFilter } from '../../lib/demo.js';
import { badInput, notFound, present } from '../../lib/errors.js';
import { checkNotVoided, checkReason, counts } from '../../lib/corrections.js';
import { answerWritten, checkVersion, nextVersion } from '../../lib/versions.js';
import { activeInSql, yearBounds, yearOf } from '../../lib/calendar.js';
import { checkCode, checkYear, requiredText } from '../../lib/rules.js';
import { governmentId } from '../../lib/org-ids.js';
import { scalarResolvers } from '../../lib/scalars.js';
import { regionFieldKey, summaryFieldKey } from '../../lib/scope.js';
import { noPlace, type OrganizationFacts, type RegionFacts } from '../../lib/registry-api.js';
import { checkUnlocked, type PeriodLockFacts } from '../../lib/locks.js';
import type { GraphQLResolveInfo } from 'graphql';
import { helperName, oncePerField, selects, withHelperNames } from '../../lib/subgraph.js';
import { placesWithin } from './divisions.js';
import type {
  CreateEastWestPairingInput as PairingInput,
  EastWestPairingMeetingsArgs as FlowArgs,
  QueryEastWestSuggestionsArgs as SuggestionArgs,
  OrganizationEastWestPairingsArgs,
  RegionEastWestPairingsArgs,
  Resolvers,
  UpdateEastWestPairingInput as PairingPatch,
} from './types.generated.js';
import { type Context, type PairingRow, FLOW_OF_FIELD, type FlowKind, type Side } from './loaders.js';
import { JINGJINJI_EXCEPTIONS, levelRank, roundOfYear, type PairingLevel } from './rules.js';
import { capacityPoints, needPoints, SCORING_TEXT, solveAssignment, type Option, type ScorePart } from './suggest.js';
import { auditLog, pairingsTable } from './tables.js';
import { requireEastWestOffice, requireEitherSide } from './access.js';

// ---- validation helpers -------------------------------------------------------------------

/** The longest free text of an east-west record unless its field says otherwise. */
export const MAX_TEXT = 200;

// ---- pairings ------------------------------------------------------------------------------

/**
 * What the registry says about a write's helper and places. Asked BEFORE the write's
 * transaction opens: on PGlite (one connection) a registry query issued outside the open
 * transaction would wait for it to end, and the transaction waits for the answer.
 */
interface PairingFacts {
  helper: OrganizationFacts | null;
  helped: RegionFacts | null;
}

export async function regionFacts(ctx: Context, input: string | null | undefined): Promise<RegionFacts | null> {
  const code = normalizeCode(input);
  return code ? ctx.registry.region(code) : null;
}

async function pairingFacts(ctx: Context, helperId: string, helpedCode: string): Promise<PairingFacts> {
  const [helper, helped] = await Promise.all([ctx.registry.organization(helperId), regionFacts(ctx, helpedCode)]);
  return { helper, helped };
}

/**
 * Validate and insert a pairing inside an audited transaction, with the rules of a new pairing
 * (pairing-import.ts): who may write at all, the facts (unknown helper → NOT_FOUND), which sides
 * the office covers, then every rule, and no overlapping pairing of the same helper and place.
 */
async function insertPairing(
  ctx: Context,
  tx: Db,
  input: PairingInput,
  facts: PairingFacts,
  origin: { source: string; helperField?: string },
): Promise<PairingRow> {
  const helperField = origin.helperField ?? 'input.helperId';
  requireEastWestOffice(ctx.identity);
  if (!facts.helper) throw notFound(helperField, 'organisation', input.helperId);
  const unknownPlace = (asked: string) =>
    noPlace(ctx.registry, 'input.helpedCode', asked, badInput('input.helpedCode', 'exists', `no place has the code ${input.helpedCode}`));
  const values = checkNewPairing(ctx.identity, input, facts.helper, facts.helped, unknownPlace, helperField);
  const { byPair } = await pairingBatch(tx, [values]);
  checkPairingClash(byPair.get(`ew-pairing|${values.helperId}|${values.helpedCode}`) ?? [], values, values.id);
  const [row] = await tx
    .insert(pairingsTable)
    .values({ ...values, source: origin.source })
    .returning();
  return row;
}

/**
 * A pairing a write changes, or records a flow under: locked until the write commits, so writes
 * at the same time go one after the other. Each then reads what the one before wrote: the
 * audit's `before` is the row actually replaced, a flow's duplicate check sees a flow recorded a
 * moment earlier, and no flow lands outside a period being changed.
 */
export async function pairingInTx(tx: Db, field: string, id: string): Promise<PairingRow> {
  const [row] = await tx.select().from(pairingsTable).where(eq(pairingsTable.id, id)).for('update');
  if (!row) throw notFound(field, 'east-west pairing', id);
  return row;
}

async function patchPairing(ctx: Context, action: string, id: string, patch: PairingPatch, reasonInput?: string | null): Promise<PairingRow> {
  const reason = reasonInput != null ? checkReason(reasonInput) : null;
  const current = await ctx.loaders.pairingById.load(id);
  const lock = current ? await eastWestLock(ctx, id, [...new Set([current.since, patch.since ?? current.since].map(yearOf))]) : null;
  const updated = await audited(ctx.db, auditLog, ctx.identity, action, 'EastWestPairing', async ({ tx, log }) => {
    requireEastWestOffice(ctx.identity);
    const before = await pairingInTx(tx, 'id', id);
    requireEitherSide(ctx.identity, before.helperCode, before.helpedCode);
    checkNotVoided('east-west pairing', id, before);
    checkUnlocked(lock, 'id');
    checkVersion('pairing', before.version, patch.expectedVersion);
    if (patch.since === null) throw badInput('input.since', 'required', 'cannot be removed');
    const next = {
      helperId: before.helperId,
      helpedCode: before.helpedCode,
      round: patch.round ?? before.round,
      since: patch.since ?? before.since,
      until: patch.until === undefined ? before.until : patch.until,
    };
    checkPairingRound(next);
    const batch = await pairingBatch(tx, [next]);
    checkPairingClash(batch.byPair.get(`ew-pairing|${next.helperId}|${next.helpedCode}`) ?? [], next, id);
    checkFlowsInside(batch.lastFlow.get(id), next);
    const arrangement = patch.arrangement != null ? requiredText('input.arrangement', patch.arrangement, MAX_TEXT) : before.arrangement;
    const [after] = await tx
      .update(pairingsTable)
      .set({ round: next.round, since: next.since, until: next.until, arrangement, version: nextVersion(before.version) })
      .where(eq(pairingsTable.id, id))
      .returning();
    await log({ entity: 'EastWestPairing', entityId: id, before, after, reason });
    return after;
  });
  return answerWritten(ctx.loaders.pairingById, id, updated);
}

// ---- flows ---------------------------------------------------------------------------------

/** A county named by a flow must be a county inside the helped place (a former code: the place it names now). */
export function countyInside(ctx: Context, field: string, input: string, pairing: PairingRow, facts: RegionFacts | null): string {
  const asked = checkCode(field, input);
  const code = facts?.code ?? asked;
  if (levelOf(code) !== 'COUNTY') throw badInput(field, 'level', 'must be a county');
  if (!code.startsWith(pairing.helpedCode)) throw badInput(field, 'within-place', `must be inside the helped place ${pairing.helpedCode}`);
  if (!facts) throw noPlace(ctx.registry, field, asked, badInput(field, 'exists', `no place has the code ${input}`));
  return code;
}

/** Refuse a flow already recorded: among the flows that count (a voided one may be recorded again). */
export function duplicateIf(found: { voidedAt: Date | null }[], what: string): void {
  if (found.some((f) => f.voidedAt === null)) throw badInput('input', 'duplicate', `${what} is already recorded for this pairing`);
}

/** A flow whose key is recorded already (rule `duplicate`). */
const duplicateOf = (what: string) => badInput('input', 'duplicate', `${what} is already recorded for this pairing`);

/**
 * The lock in force (lib/locks.ts) over an east-west record of `pairingId` in `years`: on the
 * helped place or the helper's home (either side's lock holds). One registry call, made before
 * the write's transaction; null when the pairing is unknown (the write then answers NOT_FOUND).
 */
export async function eastWestLock(ctx: Context, pairingId: string, years: readonly number[]): Promise<PeriodLockFacts | null> {
  const codes = await pairingRegions(ctx, pairingId);
  return codes.length ? ctx.registry.periodLock({ channel: 'EAST_WEST', codes, years }) : null;
}

/** The places a record of a pairing is about (the helper's home and the helped place), for the lock and the audit entry. */
export async function pairingRegions(ctx: Context, pairingId: string): Promise<string[]> {
  const pairing = await ctx.loaders.pairingById.load(pairingId);
  return pairing ? [pairing.helperCode, pairing.helpedCode].sort() : [];
}

// ---- suggestions ---------------------------------------------------------------------------

interface Problem {
  province: string;
  level: PairingLevel;
  year: number;
  capacity: number;
  west: string[];
  options: Option<PairingRow>[];
  existing: Map<string, number>;
  remaining: Map<string, number>;
}

const activeIn = (year: number) => activeInSql(pairingsTable.since, pairingsTable.until, year);

/** The part of a western place its partners are grouped by: prefecture (county level) or province. */
const groupOf = (code: string, level: PairingLevel) => (level === 'COUNTY' ? code.slice(0, 4) : code.slice(0, 2));

/** The pairings a suggestion problem rests on: those landing in the province, and the eastern candidates' own. */
interface ProblemRows {
  landing: PairingRow[];
  theirs: { helperCode: string; helpedCode: string; demo: boolean }[];
}

/** The higher-level pairings that make eastern places eligible, and the eastern places inside their helpers. */
function eligibility(landing: readonly PairingRow[], level: PairingLevel) {
  const target = levelRank(level);
  const vias = landing.filter((p) => levelRank(p.helpedLevel) < target && levelRank(p.helperLevel) < target);
  const eastCodes = new Map<string, PairingRow[]>();
  for (const v of vias) for (const e of placesWithin(level, [v.helperCode])) eastCodes.set(e.code, [...(eastCodes.get(e.code) ?? []), v]);
  return { vias, eastCodes };
}

/**
 * The pairings of a suggestion problem, passing `demo`: those landing in the province (one
 * statement) and the eastern candidates' existing partners (one statement).
 */
async function problemRows(db: Db, province: string, level: PairingLevel, year: number, demo: DemoFilter): Promise<ProblemRows> {
  const landing = await db
    .select()
    .from(pairingsTable)
    .where(
      and(
        or(eq(pairingsTable.helpedCode, province), like(pairingsTable.helpedCode, `${province}%`)),
        activeIn(year),
        counts(pairingsTable.voidedAt),
        demoCondition(pairingsTable.demo, [demo]),
      ),
    );
  const easts = [...eligibility(landing, level).eastCodes.keys()].sort();
  const theirs = easts.length
    ? await db
        .select({ helperCode: pairingsTable.helperCode, helpedCode: pairingsTable.helpedCode, demo: pairingsTable.demo })
        .from(pairingsTable)
        .where(
          and(
            inArray(pairingsTable.helperCode, easts),
            eq(pairingsTable.helperLevel, level),
            activeIn(year),
            counts(pairingsTable.voidedAt),
            demoCondition(pairingsTable.demo, [demo]),
          ),
        )
    : [];
  return { landing, theirs };
}

/** The real records of a problem's rows (`includeDemo: false` read from rows already fetched). */
const realRows = (rows: ProblemRows): ProblemRows => ({ landing: rows.landing.filter((p) => !p.demo), theirs: rows.theirs.filter((t) => !t.demo) });

/**
 * Score every eligible option of a suggestion problem from its pairings and the poverty exit
 * years (the registry's facts): pure, so the same rows give the problem over every record and
 * over the real ones alone.
 */
function scoreProblem(
  rows: ProblemRows,
  exitYears: ReadonlyMap<string, number>,
  province: string,
  level: PairingLevel,
  year: number,
  capacity: number,
): Problem {
  const { landing, theirs } = rows;
  const { vias, eastCodes } = eligibility(landing, level);
  const paired = new Set(landing.filter((p) => p.helpedLevel === level).map((p) => p.helpedCode));

  const needOf = new Map<string, { points: number; counties: number; reason: string }>();
  for (const [code, exitYear] of [...exitYears].sort()) {
    const key = level === 'COUNTY' ? code : code.slice(0, 4);
    const prev = needOf.get(key) ?? { points: 0, counties: 0, reason: '' };
    const points = prev.points + needPoints(exitYear, year);
    const counties = prev.counties + 1;
    const reason =
      level === 'COUNTY'
        ? `poverty county, exit year ${exitYear}`
        : `${counties} poverty ${counties === 1 ? 'county' : 'counties'}, 10 each + 10 per year still to go`;
    needOf.set(key, { points, counties, reason });
  }
  // At prefecture level only real prefectures (重庆's 市辖区 and 县 placeholders have no government).
  const legal = level === 'PREFECTURE' ? new Set(placesWithin('PREFECTURE', [province]).map((p) => p.code)) : null;
  const west = [...needOf.keys()].filter((w) => (!legal || legal.has(w)) && !paired.has(w) && vias.some((v) => w.startsWith(v.helpedCode))).sort();

  const easts = [...eastCodes.keys()].sort();
  const existing = new Map(easts.map((e) => [e, 0]));
  const groups = new Map<string, Set<string>>();
  for (const t of theirs) {
    // Real rows taken from every record's: a place eligible only through demo pairings is no candidate.
    if (!existing.has(t.helperCode)) continue;
    existing.set(t.helperCode, (existing.get(t.helperCode) ?? 0) + 1);
    groups.set(t.helperCode, (groups.get(t.helperCode) ?? new Set()).add(groupOf(t.helpedCode, level)));
  }
  const remaining = new Map(easts.map((e) => [e, Math.max(0, capacity - (existing.get(e) ?? 0))]));

  const options: Option<PairingRow>[] = [];
  for (const w of west) {
    const need = needOf.get(w)!;
    for (const e of easts) {
      if ((remaining.get(e) ?? 0) <= 0) continue;
      let best: { via: PairingRow; part: ScorePart } | null = null;
      for (const via of eastCodes.get(e)!) {
        if (!w.startsWith(via.helpedCode)) continue;
        const own = via.helperLevel === 'PREFECTURE' && e.startsWith(via.helperCode) && level === 'COUNTY';
        const points = (via.helpedLevel === 'PREFECTURE' ? 20 : 10) + (own ? 5 : 0);
        const reason = `${via.helperCode} already pairs with ${via.helpedLevel === 'PREFECTURE' ? 'the prefecture' : 'the province'} ${via.helpedCode}${own ? ', and is this place’s own city' : ''}`;
        if (!best || points > best.part.points) best = { via, part: { factor: 'tie', points, reason } };
      }
      if (!best) continue;
      const same = groups.get(e)?.has(groupOf(w, level)) ?? false;
      const rem = remaining.get(e)!;
      const parts: ScorePart[] = [
        { factor: 'need', points: need.points, reason: need.reason },
        best.part,
        {
          factor: 'samePrefecture',
          points: same ? 15 : 0,
          reason: same ? `already helps in ${groupOf(w, level)}` : `no partner yet in ${groupOf(w, level)}`,
        },
        { factor: 'capacity', points: capacityPoints(rem, capacity), reason: `${rem} of ${capacity} places left` },
      ];
      options.push({ east: e, west: w, via: best.via, parts, score: parts.reduce((s, p) => s + p.points, 0) });
    }
  }
  return { province, level, year, capacity, west, options, existing, remaining };
}

/** A suggestion problem over the records passing `demo`. */
async function buildProblem(
  db: Db,
  exitYears: ReadonlyMap<string, number>,
  province: string,
  level: PairingLevel,
  year: number,
  capacity: number,
  demo: DemoFilter,
): Promise<Problem> {
  return scoreProblem(await problemRows(db, province, level, year, demo), exitYears, province, level, year, capacity);
}

/** Non-western provinces holding a listed exception (恩施, 湘西, 延边; 京津冀's 河北 prefectures). */
const EXCEPTION_PROVINCES = new Set([...WESTERN_EXCEPTIONS, ...JINGJINJI_EXCEPTIONS.map((e) => e.helped)].map(provinceCodeOf));

/** Exit years of the poverty counties of a province: the registry's facts, in one batch. */
async function povertyExitYears(ctx: Context, province: string): Promise<Map<string, number>> {
  const counties = placesWithin('COUNTY', [province]);
  const facts = await Promise.all(counties.map((c) => ctx.registry.region(c.code)));
  return new Map(facts.filter((f) => f?.povertyExitYear != null).map((f) => [f!.code, f!.povertyExitYear!]));
}

/** A suggestion's id: its question and option, and `real` when it was computed from real records only. */
const suggestionId = (p: { year: number; level: string; capacity: number }, o: { east: string; west: string }, demo: DemoFilter) =>
  `ews-${p.year}-${p.level}-${p.capacity}-${demo === 'real' ? 'real-' : ''}${o.east}-${o.west}`;

function parseSuggestionId(id: string) {
  const m = /^ews-(\d{4})-(COUNTY|PREFECTURE)-(\d{1,2})-(real-)?(\d{4}|\d{6})-(\d{4}|\d{6})$/.exec(id);
  if (!m) return null;
  const demo: DemoFilter = m[4] ? 'real' : 'all';
  return { year: Number(m[1]), level: m[2] as PairingLevel, capacity: Number(m[3]), demo, east: m[5], west: m[6] };
}

function checkSuggestionArgs(province: string, level: RegionLevel, year: number, capacity: number): { province: string; level: PairingLevel } {
  const code = checkCode('helpedProvince', province);
  if (levelOf(code) !== 'PROVINCE') throw badInput('helpedProvince', 'level', 'must be a province');
  if (zoneOf(code) !== 'WEST' && !EXCEPTION_PROVINCES.has(code)) {
    throw badInput('helpedProvince', 'helped-west', 'must be a western province or one holding a listed exception');
  }
  if (level !== 'COUNTY' && level !== 'PREFECTURE') throw badInput('level', 'level', 'must be COUNTY or PREFECTURE');
  checkYear('year', year);
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > 20) throw badInput('capacity', 'range', 'must be from 1 to 20');
  return { province: code, level };
}

/** `eastWestSuggestions` as its fields' resolvers receive it. */
export type SuggestionsOut = Awaited<ReturnType<typeof suggestionsFor>>;

async function suggestionsFor(ctx: Context, args: SuggestionArgs) {
  const capacity = args.capacity ?? 3;
  const { province, level } = checkSuggestionArgs(args.helpedProvince, args.level ?? 'COUNTY', args.year, capacity);
  const demo = demoFilterOf(args.includeDemo);
  const exitYears = await povertyExitYears(ctx, province);
  const rows = await problemRows(ctx.db, province, level, args.year, demo);
  const problem = scoreProblem(rows, exitYears, province, level, args.year, capacity);
  // The same problem over the real records alone, from the rows already read: how much of each
  // score rests on demo records is the score minus what the option scores without them.
  const real = demo === 'all' ? scoreProblem(realRows(rows), exitYears, province, level, args.year, capacity) : problem;
  const realOptions = new Map(real.options.map((o) => [`${o.east}|${o.west}`, o]));
  const solved = solveAssignment(problem.west, problem.remaining, problem.options);
  const eastCodes = [...problem.remaining.keys()];
  const registered = new Map((await Promise.all(eastCodes.map((e) => ctx.registry.organization(governmentId(e))))).map((o, i) => [eastCodes[i], o !== null]));
  const present = (o: Option<PairingRow>) => {
    const without = realOptions.get(`${o.east}|${o.west}`);
    return {
      id: suggestionId(problem, o, demo),
      helperRegion: { code: o.east },
      helperId: governmentId(o.east),
      helperRegistered: registered.get(o.east) ?? false,
      helped: { code: o.west },
      via: o.via,
      score: o.score,
      demoPoints: o.score - (without?.score ?? 0),
      breakdown: o.parts.map((part) => ({ ...part, demoPoints: part.points - (without?.parts.find((p) => p.factor === part.factor)?.points ?? 0) })),
    };
  };
  return {
    helpedProvince: { code: province },
    level,
    year: args.year,
    capacity,
    suggestions: solved.chosen.map(present),
    totalScore: solved.totalScore,
    unmatched: solved.unmatched.map((code) => ({ code })),
    options: problem.options.map(present),
    candidates: eastCodes.sort().map((e) => ({
      region: { code: e },
      existingPartners: problem.existing.get(e) ?? 0,
      demoPartners: (problem.existing.get(e) ?? 0) - (real.existing.get(e) ?? 0),
      remainingCapacity: problem.remaining.get(e) ?? 0,
    })),
    scoring: SCORING_TEXT,
  };
}

/** The kinds this channel imports (docs/import.md), and their GraphQL fields. */
const imports = importFields(() =>
  [pairingImport, meetingImport, fiscalAidImport, industrialProjectImport, labourImport, talentImport, produceImport].map((kind) => ({
    kind: kind as ImportEntry['kind'],
    auditLog,
  })),
);

// ---- resolvers -----------------------------------------------------------------------------

/**
 * The sides an `eastWestSummary` selection shows and the kinds of flow their totals read
 * (through fragments; a named fragment not found reads everything), once per operation field.
 */
function summaryAsked(info: GraphQLResolveInfo): { sides: Side[]; flows: FlowKind[] } {
  return oncePerField(info, 'east-west summary', () => {
    const sides = (['asHelper', 'asHelped'] as const).filter((side) => selects(info, side));
    const fields = Object.entries(FLOW_OF_FIELD).filter((entry): entry is [string, FlowKind] => entry[1] !== null);
    const flows = new Set(sides.flatMap((side) => fields.filter(([field]) => selects(info, side, field)).map(([, kind]) => kind)));
    return { sides, flows: [...flows].sort() };
  });
}

const yearArg = (args: { year?: number | null }) => args.year ?? null;

/** The pairing a flow is recorded under (NOT_FOUND naming `pairing` when it is gone). */
const flowPairing = async (ctx: Context, r: { pairingId: string }) =>
  present(await ctx.loaders.pairingById.load(r.pairingId), 'pairing', 'east-west pairing', r.pairingId);

const flowKey = (p: PairingRow, args: FlowArgs) => ({ id: p.id, year: yearArg(args), includeVoided: args.includeVoided ?? false });

export const resolvers: Resolvers = {
  ...scalarResolvers,
  EastWestPairingConnection: connectionResolvers,
  ...importTypeResolvers,
  Query: {
    eastWestImport: imports.read,
    eastWestPairing: async (_, args, ctx) => {
      const row = await ctx.loaders.pairingById.load(args.id);
      return row && passesDemo(demoFilterOf(args.includeDemo), row.demo) ? row : null;
    },
    eastWestSuggestions: (_, args, ctx) => suggestionsFor(ctx, args),
  },
  Mutation: {
    startEastWestImport: imports.start,
    createEastWestPairing: async (_, { input }, ctx) => {
      return recordOne(ctx, pairingImport, auditLog, input, (e) =>
        badInput('input.helpedCode', 'duplicate', `the same helper already helps this place in an overlapping period (${(e as PairingRow).id})`),
      );
    },
    updateEastWestPairing: (_, { id, input, reason }, ctx) => patchPairing(ctx, 'updateEastWestPairing', id, input, reason),
    endEastWestPairing: (_, { id, until, reason }, ctx) => patchPairing(ctx, 'endEastWestPairing', id, { until }, reason),
    acceptEastWestSuggestion: async (_, { input }, ctx) => {
      const s = parseSuggestionId(input.suggestionId);
      // Registry facts first, outside the transaction (see PairingFacts).
      const exitYears = s ? await povertyExitYears(ctx, s.west.slice(0, 2)) : new Map<string, number>();
      const facts = s ? await pairingFacts(ctx, governmentId(s.east), s.west) : { helper: null, helped: null };
      return audited(ctx.db, auditLog, ctx.identity, 'acceptEastWestSuggestion', 'EastWestPairing', async ({ tx, log }) => {
        requireEastWestOffice(ctx.identity);
        if (!s) throw badInput('input.suggestionId', 'suggestion-id', 'is not an id eastWestSuggestions returned');
        const { province, level } = checkSuggestionArgs(s.west.slice(0, 2), s.level, s.year, s.capacity);
        if (levelOf(s.west) !== level || levelOf(s.east) !== level) throw badInput('input.suggestionId', 'suggestion-id', 'levels do not match');
        const problem = await buildProblem(tx, exitYears, province, level, s.year, s.capacity, s.demo);
        const option = problem.options.find((o) => o.east === s.east && o.west === s.west);
        if (!option) {
          const rule = !problem.west.includes(s.west) ? 'already-paired' : (problem.remaining.get(s.east) ?? 0) <= 0 ? 'capacity' : 'not-eligible';
          throw badInput('input.suggestionId', rule, `${s.east} → ${s.west} is no longer a valid suggestion for ${s.year} (${rule})`);
        }
        const helperId = governmentId(s.east);
        if (!facts.helper) {
          throw badInput('input.suggestionId', 'helper-registered', `the government ${helperId} is not registered: create the organisation first`);
        }
        const via = option.via;
        const since = input.since ?? (via.since > yearBounds(s.year).start ? via.since : yearBounds(s.year).start);
        const created = await insertPairing(
          ctx,
          tx,
          { helperId, helpedCode: s.west, round: roundOfYear(yearOf(since)) ?? 0, since, until: input.until === undefined ? via.until : input.until },
          facts,
          { source: 'suggestion', helperField: 'input.suggestionId' },
        );
        await log({
          entity: 'EastWestPairing',
          entityId: created.id,
          after: { ...created, suggestion: { id: input.suggestionId, score: option.score, breakdown: option.parts } },
        });
        return created;
      });
    },
    recordEastWestMeeting: (_, { input }, ctx) =>
      recordOne(ctx, meetingImport, auditLog, { ...input, agreements: input.agreements ?? [] }, () => duplicateOf(`a joint meeting on ${input.date}`)),
    recordEastWestFiscalAid: (_, { input }, ctx) =>
      recordOne(ctx, fiscalAidImport, auditLog, input, () =>
        badInput('input', 'duplicate', `${input.stage.toLowerCase()} aid for “${input.purpose.trim()}” in ${input.year} is already recorded for this pairing`),
      ),
    recordEastWestIndustrialProject: (_, { input }, ctx) =>
      recordOne(ctx, industrialProjectImport, auditLog, input, (e) =>
        duplicateOf(`the project “${(e as { name: string }).name}” of ${(e as { enterprise: string }).enterprise} in ${input.year}`),
      ),
    recordEastWestLabourCooperation: (_, { input }, ctx) =>
      recordOne(ctx, labourImport, auditLog, input, (e) =>
        duplicateOf(`labour cooperation from ${(e as { fromCountyCode: string }).fromCountyCode} in ${input.year}`),
      ),
    recordEastWestTalentExchange: (_, { input }, ctx) =>
      recordOne(ctx, talentImport, auditLog, input, () => duplicateOf(`${input.kind.toLowerCase()} exchange ${input.direction} in ${input.year}`)),
    recordEastWestProducePurchase: (_, { input }, ctx) =>
      recordOne(ctx, produceImport, auditLog, input, (e) => duplicateOf(`purchases of ${(e as { product: string }).product} in ${input.year}`)),
  },
  Region: {
    ...pagedList('eastWestPairings', async (region: { code: string }, args: RegionEastWestPairingsArgs, ctx: Context, info: GraphQLResolveInfo) =>
      withHelperNames(await ctx.loaders.regionPairings.load({ role: args.role ?? 'HELPED', key: regionFieldKey(region.code, args) }), ctx, info),
    ),
    eastWestSummary: (region, args, ctx, info) =>
      ctx.loaders.regionSummary.load({
        ...summaryFieldKey(region.code, args),
        ...summaryAsked(info),
      }),
  },
  Organization: {
    name: helperName,
    ...pagedList('eastWestPairings', (org: { id: string }, args: OrganizationEastWestPairingsArgs, ctx: Context) =>
      ctx.loaders.helperPairings.load({ id: org.id, year: yearArg(args), demo: demoFilterOf(args.includeDemo) }),
    ),
  },
  EastWestPairing: {
    helperRegion: (p) => ({ code: p.helperCode }),
    meetings: (p, args, ctx) => ctx.loaders.meetings.load(flowKey(p, args)),
    fiscalAid: (p, args, ctx) => ctx.loaders.fiscalAid.load(flowKey(p, args)),
    industrialProjects: (p, args, ctx) => ctx.loaders.industrialProjects.load(flowKey(p, args)),
    labourCooperation: (p, args, ctx) => ctx.loaders.labour.load(flowKey(p, args)),
    talentExchanges: (p, args, ctx) => ctx.loaders.talent.load(flowKey(p, args)),
    producePurchases: (p, args, ctx) => ctx.loaders.produce.load(flowKey(p, args)),
  },
  EastWestMeeting: {
    id: (r) => `ew-meeting-${r.id}`,
    pairing: (r, _, ctx) => flowPairing(ctx, r),
  },
  EastWestFiscalAid: {
    id: (r) => `ew-fiscal-${r.id}`,
    pairing: (r, _, ctx) => flowPairing(ctx, r),
  },
  EastWestIndustrialProject: {
    id: (r) => `ew-project-${r.id}`,
    pairing: (r, _, ctx) => flowPairing(ctx, r),
    county: (r) => ({ code: r.countyCode }),
  },
  EastWestLabourCooperation: {
    id: (r) => `ew-labour-${r.id}`,
    pairing: (r, _, ctx) => flowPairing(ctx, r),
    fromCounty: (r) => ({ code: r.fromCountyCode }),
  },
  EastWestTalentExchange: {
    id: (r) => `ew-talent-${r.id}`,
    pairing: (r, _, ctx) => flowPairing(ctx, r),
  },
  EastWestProducePurchase: {
    id: (r) => `ew-produce-${r.id}`,
    pairing: (r, _, ctx) => flowPairing(ctx, r),
  },
  EastWestSummary: {
    region: (s) => ({ code: s.code }),
    // The same summary over the demo pairings and their flows alone: null inside a demo part
    // and with includeDemo: false.
    demo: (s, _, ctx, info) => (s.key.demo === 'all' ? ctx.loaders.regionSummary.load({ ...s.key, demo: 'demo', ...summaryAsked(info) }) : null),
  },
};
