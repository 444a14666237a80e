import { getTableColumns, sql } from 'drizzle-orm';
import { levelOf, normalizeCode } from '../../lib/codes.js';
import { checkNotVoided } from '../../lib/corrections.js';
import { badInput, notFound } from '../../lib/errors.js';
import type { Identity } from '../../lib/identity.js';
import { rawRows } from '../../lib/db.js';
import { col as requiredCol, type Column, type ImportKind, type RegistryFacts } from '../../lib/import/kind.js';
import { checkCount, checkDateYear, checkMoney, optionalText } from '../../lib/rules.js';
import { compareMoney } from '../../lib/money.js';
import { checkReferenceExists, referenceKey, type Reference } from '../../lib/references.js';
import type { CrossChannelReferenceInput as ReferenceInput } from './types.generated.js';
import { visible } from './access.js';
import { requireAccess, requireWriterRole } from './access.js';
import {
  auditLog,
  compactsTable as compacts,
  CONTRIBUTION_KINDS,
  contributionsTable as contributions,
  REPORTED_CHANNELS,
  type ContributionKind,
  type ReportedChannel,
} from './tables.js';
import type { RecordContributionInput } from './types.generated.js';

// ---- the rules of a contribution and a compact, shared by the mutations, the imports and the corrections ----

/** Enterprises of every ownership: the only helpers a village compact accepts. */
export const ENTERPRISE_KINDS = ['CENTRAL_SOE', 'LOCAL_SOE', 'PRIVATE_ENTERPRISE', 'FOREIGN_INVESTED_ENTERPRISE', 'COLLECTIVE_ENTERPRISE'];

/** Every helper this channel accepts: enterprises, social organisations, individuals. */
export const HELPER_KINDS = [...ENTERPRISE_KINDS, 'SOCIAL_ORGANIZATION', 'INDIVIDUAL'];

/** Id prefix of each channel a contribution may also be reported in (checked by shape only). */
export const REFERENCE_PREFIX: Record<ReportedChannel, string> = { DESIGNATED: 'dsg-', EAST_WEST: 'ew-' };

const REFERENCE_BODY = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export const MAX_TEXT = 2000;

/** A reference as given, its form checked (`reference`) and the record it names found (`checkReference`). */
export function checkedReference(input: ReferenceInput | null | undefined, existing: ReadonlySet<string>) {
  const values = reference(input);
  checkReference(values, existing);
  return values;
}

export const yearOfDate = (date: string) => Number(date.slice(0, 4));

export function requireHelperKind(field: string, kind: string, allowed: string[], what: string) {
  if (!allowed.includes(kind)) throw badInput(field, 'helper-kind', `a ${kind} cannot ${what}; allowed: ${allowed.join(', ')}`);
}

/** Which helpers may give which kind: investment needs an enterprise; an individual employs no one. */
export function requireKindForHelper(kind: ContributionKind, helperKind: string) {
  if (kind === 'INDUSTRIAL_INVESTMENT' && !ENTERPRISE_KINDS.includes(helperKind)) {
    throw badInput('input.kind', 'kind-helper', `industrial investment is made by enterprises, not by a ${helperKind}`);
  }
  if (kind === 'EMPLOYMENT' && helperKind === 'INDIVIDUAL') {
    throw badInput('input.kind', 'kind-helper', 'an individual donor does not provide employment');
  }
}

export type ContributionValues = Pick<
  typeof contributions.$inferInsert,
  | 'pledged'
  | 'committed'
  | 'disbursed'
  | 'verified'
  | 'jobs'
  | 'trainees'
  | 'peopleReached'
  | 'purpose'
  | 'alsoReportedAs'
  | 'alsoReportedChannel'
  | 'published'
  | 'note'
>;

/** Validate the changeable fields of a contribution as they will be stored (after merging). */
export function checkContribution(v: ContributionValues) {
  for (const stage of ['pledged', 'committed', 'disbursed', 'verified'] as const) {
    checkMoney(`input.${stage}`, v[stage]);
  }
  if (v.verified != null && (v.disbursed == null || compareMoney(v.verified, v.disbursed) > 0)) {
    throw badInput('input.verified', 'stage-order', 'a verified amount cannot exceed the disbursed amount');
  }
  for (const count of ['jobs', 'trainees', 'peopleReached'] as const) {
    checkCount(`input.${count}`, v[count] ?? 0);
  }
  const money = [v.pledged, v.committed, v.disbursed, v.verified].some((a) => a != null && a !== '0.00');
  if (!money && !v.jobs && !v.trainees && !v.peopleReached) {
    throw badInput('input', 'empty', 'give at least one stage amount or count above zero');
  }
}

export function reference(input: ReferenceInput | null | undefined): Pick<ContributionValues, 'alsoReportedAs' | 'alsoReportedChannel'> {
  if (input == null) return { alsoReportedAs: null, alsoReportedChannel: null };
  if (!(REPORTED_CHANNELS as readonly string[]).includes(input.channel)) {
    throw badInput('input.alsoReportedAs.channel', 'channel', `a contribution can be also reported in ${REPORTED_CHANNELS.join(' or ')} only`);
  }
  const channel = input.channel as ReportedChannel;
  const prefix = REFERENCE_PREFIX[channel];
  const id = input.id.trim();
  if (!id.startsWith(prefix) || !REFERENCE_BODY.test(id.slice(prefix.length))) {
    throw badInput('input.alsoReportedAs.id', 'reference-format', `a ${channel} record id looks like ${prefix}…`);
  }
  return { alsoReportedAs: id, alsoReportedChannel: channel };
}

/**
 * The record a well-formed reference names, to ask its channel whether it exists before the
 * write's transaction (lib/references.ts); null for none, or for a malformed one (`reference`
 * refuses it in the check).
 */
export function referenceAsked(input: ReferenceInput | null | undefined): Reference | null {
  try {
    const { alsoReportedAs: id, alsoReportedChannel: channel } = reference(input);
    return id && channel ? { channel, id } : null;
  } catch {
    return null;
  }
}

/** The stored reference, refused (rule `reference-exists`) unless its record was found to exist and count (`existing`). */
export function checkReference(values: Pick<ContributionValues, 'alsoReportedAs' | 'alsoReportedChannel'>, existing: ReadonlySet<string>): void {
  if (values.alsoReportedAs && values.alsoReportedChannel) {
    checkReferenceExists('input.alsoReportedAs.id', { channel: values.alsoReportedChannel, id: values.alsoReportedAs }, existing);
  }
}

type Compact = typeof compacts.$inferSelect;
type Contribution = typeof contributions.$inferSelect;

/** A contribution as checked: who, where, what kind, when, and the values to store. */
export interface CheckedContribution {
  helperId: string;
  helperKind: string;
  groupId: string;
  groupKind: string;
  helpedCode: string;
  kind: ContributionKind;
  date: string;
  compactId: string | null;
  values: ContributionValues;
}

/** The place a code names now, at one of `levels` (rules `division-code`, `level`, `exists`, `split-code`). */
export function requirePlace(field: string, input: string, registry: RegistryFacts, levels: string[]): string {
  const asked = normalizeCode(input);
  if (!asked) throw badInput(field, 'division-code', `"${input}" is not a division code (2, 4, 6, 9 or 12 digits)`);
  const region = registry.region(asked);
  const code = region?.code ?? asked;
  if (!levels.includes(levelOf(code))) throw badInput(field, 'level', `must be a ${levels.join(' or ').toLowerCase()} code`);
  if (!region) throw registry.unknownPlace(field, asked, input);
  return code;
}

/**
 * The check of one contribution, for `recordEnterpriseContribution` and for each row of an
 * import alike: pure, on the registry's facts (with the channel's locks in force: a date in a
 * year locked for the place, or a place inside it, is refused with CONFLICT `locked` naming
 * `input.date`) and the compacts the batch names (read in the transaction, locked).
 */
export function checkContributionInput(
  input: RecordContributionInput,
  registry: RegistryFacts,
  compactsById: Map<string, Compact>,
  who: Identity,
): CheckedContribution {
  requireWriterRole(who);
  const helper = registry.organization('input.helperId', input.helperId);
  const group = registry.groupOf(helper);
  requireHelperKind('input.helperId', helper.kind, HELPER_KINDS, 'give in the enterprises channel');
  const place = requirePlace('input.helpedCode', input.helpedCode, registry, ['VILLAGE', 'COUNTY']);
  requireAccess(who, { helperId: helper.id, groupId: group.id, helpedCode: place });
  requireKindForHelper(input.kind, helper.kind);
  checkDateYear('input.date', input.date);
  registry.checkUnlocked({ channel: 'ENTERPRISE', codes: [place], years: [Number(input.date.slice(0, 4))] }, 'input.date');
  const values: ContributionValues = {
    pledged: input.pledged ?? null,
    committed: input.committed ?? null,
    disbursed: input.disbursed ?? null,
    verified: input.verified ?? null,
    jobs: input.jobs ?? 0,
    trainees: input.trainees ?? 0,
    peopleReached: input.peopleReached ?? 0,
    purpose: optionalText('input.purpose', input.purpose, MAX_TEXT),
    ...reference(input.alsoReportedAs),
    published: input.published ?? true,
    note: optionalText('input.note', input.note, MAX_TEXT),
  };
  checkReference(values, registry.references);
  checkContribution(values);
  if (input.compactId != null) {
    const found = compactsById.get(input.compactId);
    const compact = found && visible(who, found) ? found : null;
    if (!compact) throw notFound('input.compactId', 'village compact', input.compactId);
    checkNotVoided('village compact', compact.id, compact, 'input.compactId');
    if (compact.helperId !== helper.id) throw badInput('input.compactId', 'compact-helper', `compact ${compact.id} belongs to ${compact.helperId}`);
    if (compact.helpedCode !== place) throw badInput('input.compactId', 'compact-village', `compact ${compact.id} pairs village ${compact.helpedCode}`);
    if (input.date < compact.since || (compact.until != null && input.date > compact.until)) {
      throw badInput('input.compactId', 'within-period', `the date is outside the compact's period`);
    }
  }
  return {
    helperId: helper.id,
    helperKind: helper.kind,
    groupId: group.id,
    groupKind: group.kind,
    helpedCode: place,
    kind: input.kind,
    date: input.date,
    compactId: input.compactId ?? null,
    values,
  };
}

const keyOf = (r: { helperId: string; helpedCode: string; kind: string; date: string }) => `${r.helperId}|${r.helpedCode}|${r.kind}|${r.date}`;

const VALUE_KEYS = [
  'pledged',
  'committed',
  'disbursed',
  'verified',
  'jobs',
  'trainees',
  'peopleReached',
  'purpose',
  'alsoReportedAs',
  'alsoReportedChannel',
  'published',
  'note',
] as const satisfies readonly (keyof ContributionValues)[];

/** The channel's template columns: optional unless said (lib `col`). */
export const col = (c: Parameters<typeof requiredCol>[0]): Column => requiredCol({ required: false, ...c });

/**
 * Enterprise contributions (`recordEnterpriseContribution`), keyed on helper, place, kind and
 * date, the channel's duplicate rule: a row whose key is recorded updates its figures.
 */
export const contributionImport: ImportKind<RecordContributionInput, Map<string, Compact>, CheckedContribution, Contribution> = {
  name: 'enterprise-contributions',
  subgraph: 'enterprises',
  channel: 'ENTERPRISE',
  action: 'recordEnterpriseContribution',
  entity: 'EnterpriseContribution',
  key: 'helper, place, kind and date',
  columns: [
    col({
      key: 'helperId',
      en: 'helper',
      zh: '帮扶主体',
      type: 'organization',
      required: true,
      example: 'org-demo-1',
      note: 'organisation id, unified social credit code, or exact name or alias',
    }),
    col({
      key: 'helpedCode',
      en: 'place',
      zh: '受援地代码',
      type: 'code',
      required: true,
      example: '610426100201',
      note: 'village or county code, any form; a former code reads as the place it names now',
    }),
    col({
      key: 'kind',
      en: 'kind',
      zh: '帮扶类型',
      type: 'enum',
      required: true,
      allowed: CONTRIBUTION_KINDS,
      example: 'PUBLIC_WELFARE_DONATION',
      note: 'kind of help',
    }),
    col({ key: 'date', en: 'date', zh: '日期', type: 'date', required: true, example: '2019-06-30', note: 'YYYY-MM-DD' }),
    col({ key: 'pledged', en: 'pledged', zh: '承诺金额', type: 'money', example: '', note: 'yuan, at most two decimals' }),
    col({ key: 'committed', en: 'committed', zh: '签约金额', type: 'money', example: '', note: 'yuan' }),
    col({ key: 'disbursed', en: 'disbursed', zh: '到位金额', type: 'money', example: '500000.00', note: 'yuan' }),
    col({ key: 'verified', en: 'verified', zh: '核实金额', type: 'money', example: '', note: 'yuan, at most the disbursed amount' }),
    col({ key: 'jobs', en: 'jobs', zh: '就业人数', type: 'integer', example: '0', note: 'whole number' }),
    col({ key: 'trainees', en: 'trainees', zh: '培训人数', type: 'integer', example: '0', note: 'whole number' }),
    col({ key: 'peopleReached', en: 'people reached', zh: '受益人数', type: 'integer', example: '120', note: 'whole number' }),
    col({ key: 'purpose', en: 'purpose', zh: '用途', type: 'text', example: '演示·村道硬化', note: `at most ${MAX_TEXT} characters` }),
    col({ key: 'compactId', en: 'compact', zh: '村企结对编号', type: 'id', example: '', note: 'ent-vc-… of the helper with this village' }),
    col({
      key: 'alsoReportedChannel',
      en: 'also reported channel',
      zh: '同时报送渠道',
      type: 'enum',
      allowed: REPORTED_CHANNELS,
      example: '',
      note: 'the channel the same money is also reported in',
      fields: ['input.alsoReportedAs.channel'],
    }),
    col({
      key: 'alsoReportedAs',
      en: 'also reported as',
      zh: '同时报送编号',
      type: 'id',
      example: '',
      note: 'that channel record id (dsg-… or ew-…)',
      fields: ['input.alsoReportedAs'],
    }),
    col({ key: 'published', en: 'published', zh: '公开', type: 'boolean', example: 'true', note: 'true/false (是/否); default true' }),
    col({ key: 'note', en: 'note', zh: '备注', type: 'text', example: '演示数据', note: `at most ${MAX_TEXT} characters` }),
  ],
  input: (c) => ({
    helperId: c.helperId as string,
    helpedCode: c.helpedCode as string,
    kind: c.kind as ContributionKind,
    date: c.date as string,
    pledged: c.pledged as string | null,
    committed: c.committed as string | null,
    disbursed: c.disbursed as string | null,
    verified: c.verified as string | null,
    jobs: c.jobs as number | null,
    trainees: c.trainees as number | null,
    peopleReached: c.peopleReached as number | null,
    purpose: c.purpose as string | null,
    compactId: c.compactId as string | null,
    alsoReportedAs:
      c.alsoReportedAs != null || c.alsoReportedChannel != null
        ? { channel: (c.alsoReportedChannel ?? '') as 'DESIGNATED', id: (c.alsoReportedAs ?? '') as string }
        : null,
    published: c.published as boolean | null,
    note: c.note as string | null,
  }),
  needs: (input, into) => {
    into.orgs.add(input.helperId);
    into.codes.add(input.helpedCode);
    // The record it is also reported as, asked of that channel (rule `reference-exists`).
    const asked = referenceAsked(input.alsoReportedAs);
    if (asked) into.references.add(referenceKey(asked));
  },
  /** The compacts the batch names, locked: a contribution never lands under a compact being ended. */
  batchFacts: async (tx, inputs) => {
    const ids = [...new Set(inputs.map((i) => i.compactId).filter((id): id is string => id != null))];
    if (!ids.length) return new Map();
    const rows = await tx
      .select()
      .from(compacts)
      .where(sql`${compacts.id} = any(${sql.param(ids)}::text[])`)
      .for('update');
    return new Map(rows.map((r) => [r.id, r]));
  },
  check: checkContributionInput,
  keyOf,
  /**
   * The contributions of these keys, one statement, after one more that locks the table against
   * other writers of contributions until this write commits (SHARE ROW EXCLUSIVE: readers go on):
   * two writes of the same key go one after the other, the second sees the first's record. A
   * lock per key would not do: an import of 100,000 rows would hold 100,000 locks.
   */
  existing: async (tx, rows) => {
    await tx.execute(sql`lock table ${contributions} in share row exclusive mode`);
    // One index probe per key (helper and date, then place and kind), whatever plan a prepared statement gets.
    const column = (f: (r: CheckedContribution) => string) => sql.param(rows.map(f));
    const found = await tx
      .select(getTableColumns(contributions))
      .from(
        sql`unnest(${column((r) => r.helperId)}::text[], ${column((r) => r.date)}::text[], ${column((r) => r.helpedCode)}::text[], ${column((r) => r.kind)}::text[]) as k(h, d, p, kd)`,
      )
      .innerJoin(
        contributions,
        sql`${contributions.helperId} = k.h and ${contributions.date} = k.d::date and ${contributions.helpedCode} = k.p and ${contributions.kind}::text = k.kd`,
      );
    const byKey = new Map<string, Contribution[]>();
    for (const r of found) {
      const k = keyOf(r);
      byKey.set(k, [...(byKey.get(k) ?? []), r]);
    }
    return byKey;
  },
  differs: (row, e) => row.compactId !== e.compactId || VALUE_KEYS.some((k) => (row.values[k] ?? null) !== (e[k] ?? null)),
  /**
   * New contributions and their audit entries in one statement (the entry's `after` built by the
   * database from the row inserted), updates in three (update, read back, audit).
   */
  write: async ({ tx, logMany, who, action }, creates, updates, returning) => {
    const created = creates.length
      ? await rawRows<{ id: string }>(
          tx,
          sql`with v as (
            select * from jsonb_to_recordset(${JSON.stringify(creates.map(createdRow), withoutNulls)}::jsonb) as v(helper_id text, helper_kind text,
              group_id text, group_kind text, helped_code text, compact_id text, kind text, date date, pledged numeric, committed numeric,
              disbursed numeric, verified numeric, jobs int, trainees int, people_reached int, purpose text, also_reported_as text,
              also_reported_channel text, published boolean, note text)),
          ins as (
            insert into ${contributions} (helper_id, helper_kind, group_id, group_kind, helped_code, compact_id, kind, date, pledged, committed,
              disbursed, verified, jobs, trainees, people_reached, purpose, also_reported_as, also_reported_channel, published, note)
            select helper_id, helper_kind, group_id, group_kind, helped_code, compact_id, kind::enterprises.contribution_kind, date, pledged,
              committed, disbursed, verified, jobs, trainees, people_reached, purpose, also_reported_as,
              also_reported_channel::enterprises.reported_channel, published, note from v
            returning *),
          logged as (
            insert into ${auditLog} (actor, role, action, entity, entity_id, outcome, after, regions)
            select ${who.sub}, ${who.role}, ${action}, 'EnterpriseContribution', id, 'applied', ${auditAfter}, array[ins.helped_code] from ins)
          select id from ins`,
        )
      : [];
    let updated: Contribution[] = [];
    if (updates.length) {
      const patch = updates.map(({ row, before }) => ({ id: before.id, compact_id: row.compactId, ...snake(row.values) }));
      await tx.execute(
        sql`update ${contributions} c set
          pledged = v.pledged, committed = v.committed, disbursed = v.disbursed, verified = v.verified,
          jobs = v.jobs, trainees = v.trainees, people_reached = v.people_reached, purpose = v.purpose,
          also_reported_as = v.also_reported_as, also_reported_channel = v.also_reported_channel::enterprises.reported_channel,
          published = v.published, note = v.note, compact_id = v.compact_id,
          version = c.version + 1, updated_at = now()
        from jsonb_to_recordset(${JSON.stringify(patch)}::jsonb) as v(id text, compact_id text, pledged numeric, committed numeric,
          disbursed numeric, verified numeric, jobs int, trainees int, people_reached int, purpose text, also_reported_as text,
          also_reported_channel text, published boolean, note text)
        where c.id = v.id`,
      );
      updated = await tx
        .select()
        .from(contributions)
        .where(sql`${contributions.id} = any(${sql.param(patch.map((p) => p.id))}::text[])`);
    }
    const before = new Map(updates.map((u) => [u.before.id, u.before]));
    await logMany(updated.map((r) => ({ entity: 'EnterpriseContribution', entityId: r.id, before: before.get(r.id), after: r })));
    if (!returning || !created.length) return [];
    return tx
      .select()
      .from(contributions)
      .where(sql`${contributions.id} = any(${sql.param(created.map((r) => r.id))}::text[])`);
  },
};

/** JSON without its null members (a missing member reads as null): a batch's parameter half as long. */
const withoutNulls = (_: string, v: unknown) => (v === null ? undefined : v);

const createdRow = (r: CheckedContribution) => ({
  helper_id: r.helperId,
  helper_kind: r.helperKind,
  group_id: r.groupId,
  group_kind: r.groupKind,
  helped_code: r.helpedCode,
  compact_id: r.compactId,
  kind: r.kind,
  date: r.date,
  ...snake(r.values),
});

/** A contribution as its audit entry's `after`: the fields as the graph's rows carry them (amounts as text). */
const auditAfter = sql`jsonb_build_object('id', ins.id, 'helperId', ins.helper_id, 'helperKind', ins.helper_kind, 'groupId', ins.group_id,
  'groupKind', ins.group_kind, 'helpedCode', ins.helped_code, 'compactId', ins.compact_id, 'kind', ins.kind, 'date', ins.date::text,
  'pledged', ins.pledged::text, 'committed', ins.committed::text, 'disbursed', ins.disbursed::text, 'verified', ins.verified::text,
  'jobs', ins.jobs, 'trainees', ins.trainees, 'peopleReached', ins.people_reached, 'purpose', ins.purpose,
  'alsoReportedAs', ins.also_reported_as, 'alsoReportedChannel', ins.also_reported_channel, 'published', ins.published,
  'note', ins.note, 'demo', ins.demo, 'version', ins.version, 'createdAt', ins.created_at, 'updatedAt', ins.updated_at)`;

function snake(v: ContributionValues) {
  return {
    pledged: v.pledged,
    committed: v.committed,
    disbursed: v.disbursed,
    verified: v.verified,
    jobs: v.jobs,
    trainees: v.trainees,
    people_reached: v.peopleReached,
    purpose: v.purpose,
    also_reported_as: v.alsoReportedAs,
    also_reported_channel: v.alsoReportedChannel,
    published: v.published,
    note: v.note,
  };
}

export { auditLog };
