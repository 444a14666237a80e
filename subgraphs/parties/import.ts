import { sql } from 'drizzle-orm';
import { overlaps } from '../../lib/calendar.js';
import { checkNotVoided } from '../../lib/corrections.js';
import type { Db } from '../../lib/db.js';
import { badInput, forbidden } from '../../lib/errors.js';
import { type Identity, requireSignedIn } from '../../lib/identity.js';
import type { ImportEntry } from '../../lib/import/jobs.js';
import { cellsAsInput, col, type Column, type ImportKind, type Needs, type RegistryFacts, periodColumns } from '../../lib/import/kind.js';
import { advisoryLocks, tupleKey } from '../../lib/import/locked.js';
import type { OrganizationFacts } from '../../lib/registry-api.js';
import { checkOptionalCount, checkPeriod, optionalText, optionalUrl, requiredText } from '../../lib/rules.js';
import { editsPartyAs, PARTY_KINDS, type PartyFacts } from './access.js';
import { recordId } from './ids.js';
import { recommendationImport, tripImport } from './work-import.js';
import type { AssistanceRow, Memberships } from './loaders.js';
import { yearsOfPeriod } from '../../lib/calendar.js';
import { assistanceTable as assistance, auditLog, INTELLECTUAL_FORMS } from './tables.js';
import type { CreateSupervisionAssignmentInput, RecordIntellectualAssistanceInput, RecordOwnAidCountyInput } from './types.generated.js';

/**
 * The parties channel's records of help, as importable kinds (docs/import.md):
 * `createSupervisionAssignment`, `recordOwnAidCounty` and `recordIntellectualAssistance` run these
 * checks and writes on one input (`recordOne`), an import on each row of a file. Which party a
 * helper and the caller's organisations belong to is read from the registry's facts (each
 * organisation's parent chain), before the transaction.
 */

type Kind = AssistanceRow['kind'];
type Values = Omit<typeof assistance.$inferInsert, 'createdAt' | 'updatedAt'> & { id: string; helpedCode: string };

/** The top of an organisation's chain of party organisations (at most five levels up): its party. */
export function partyOf(registry: RegistryFacts, org: OrganizationFacts): string {
  let current = org;
  for (let depth = 0; depth < 5 && current.parentId; depth++) {
    const parent = registry.orgById.get(current.parentId);
    if (!parent || !PARTY_KINDS.includes(parent.kind)) break;
    current = parent;
  }
  return current.id;
}

/** The parties whose editors the caller is (and the central committees among them), as `memberships` answers. */
export function membershipsOf(registry: RegistryFacts, who: Identity): Memberships {
  const out: Memberships = { central: new Set(), parties: new Set() };
  if (who.role !== 'EDITOR') return out;
  for (const id of who.orgs) {
    const org = registry.orgById.get(id);
    if (!org || !PARTY_KINDS.includes(org.kind)) continue;
    const partyId = partyOf(registry, org);
    out.parties.add(partyId);
    if (partyId === id) out.central.add(id);
  }
  return out;
}

/** The helper a row names, with its party (NOT_FOUND `exists` when no organisation has the key). */
function helperOf(registry: RegistryFacts, key: string): PartyFacts {
  const org = registry.organization('input.helperId', key);
  const partyId = partyOf(registry, org);
  return { org, partyId, central: partyId === org.id };
}

function requirePartyKind(helper: PartyFacts, kinds = PARTY_KINDS): void {
  if (!kinds.includes(helper.org.kind)) throw badInput('input.helperId', 'helper-kind', `${helper.org.name} is ${helper.org.kind}, not ${kinds.join(' or ')}`);
}

function requireCentral(helper: PartyFacts): void {
  if (!helper.central)
    throw badInput('input.helperId', 'central-committee', `${helper.org.name} is a committee below ${helper.partyId}; name the central committee`);
}

function checkPartyUnlocked(registry: RegistryFacts, code: string, since: string, until: string | null) {
  if (/^\d{4}-/.test(since)) registry.checkUnlocked({ channel: 'DEMOCRATIC_PARTY', codes: [code], years: yearsOfPeriod(since, until) }, 'input.since');
}

/** What the three kinds share: the helper and the caller's organisations looked up, the records of the batch's helpers and places read (locked). */
interface Spec<I extends { helperId: string; helpedCode: string }> {
  name: string;
  kind: Kind;
  action: string;
  entity: string;
  key: string;
  columns: Column[];
  input: ImportKind<I>['input'];
  /** The record's values, checked, before the overlap rules. */
  values(input: I, registry: RegistryFacts, m: Memberships, who: Identity): Values;
  /** Refuse a record clashing with one of `others` (the records that count, this one's own left out). */
  clash(row: Values, others: readonly AssistanceRow[]): void;
  /** The field a recorded key given again is refused on (`duplicate`), and the values compared. */
  keyField: string;
  compared: readonly (keyof Values & string)[];
}

/** A party kind, with its rules for a correction (the create path's checks on the corrected input: `correctParty`). */
export type PartyKind<I> = ImportKind<I, AssistanceRow[], Values, AssistanceRow> & {
  /** The record's values from a corrected input: the access, the rules and the overlap rules against `recorded` (the record `id` left out). */
  corrected(input: I, registry: RegistryFacts, recorded: readonly AssistanceRow[], who: Identity, id: string): Values;
};

function partyKind<I extends { helperId: string; helpedCode: string }>(spec: Spec<I>): PartyKind<I> {
  return {
    corrected: (input, registry, recorded, who, id) => {
      requireSignedIn(who);
      const row = spec.values(input, registry, membershipsOf(registry, who), who);
      spec.clash(
        row,
        recorded.filter((r) => r.voidedAt === null && r.id !== id),
      );
      return row;
    },
    name: spec.name,
    subgraph: 'parties',
    channel: 'DEMOCRATIC_PARTY',
    action: spec.action,
    entity: spec.entity,
    key: spec.key,
    columns: spec.columns,
    input: spec.input,
    needs: (input, into) => {
      into.orgs.add(input.helperId);
      into.codes.add(input.helpedCode);
    },
    callerNeeds: (who: Identity, into: Needs) => {
      if (who.role === 'EDITOR') for (const id of who.orgs) into.orgs.add(id);
    },
    batchFacts: async (tx: Db, inputs, registry) => {
      const helpers = new Set<string>();
      const codes = new Set<string>();
      for (const i of inputs) {
        const helperId = registry.orgIdOf(i.helperId);
        if (helperId) helpers.add(helperId);
        const place = registry.region(i.helpedCode);
        if (place) codes.add(place.code);
      }
      if (!helpers.size) return [];
      // One advisory lock per helper and per place of the batch, so two writes checking the same helper's or place's
      // records go one after the other.
      await advisoryLocks(tx, [...[...helpers].map((h) => tupleKey(spec.name, ['helper', h])), ...[...codes].map((c) => tupleKey(spec.name, ['place', c]))]);
      return tx
        .select()
        .from(assistance)
        .where(
          sql`${assistance.kind} = ${spec.kind} and (${assistance.helperId} = any(${sql.param([...helpers])}::text[]) or ${assistance.helpedCode} = any(${sql.param([...codes])}::text[]))`,
        )
        .for('update');
    },
    check: (input, registry, recorded, who) => {
      requireSignedIn(who);
      const row = spec.values(input, registry, membershipsOf(registry, who), who);
      const self = recorded.find((r) => r.id === row.id);
      spec.clash(
        row,
        recorded.filter((r) => r.voidedAt === null && r !== self),
      );
      if (self) {
        checkNotVoided('party assistance record', self.id, self, spec.keyField);
        const changed = spec.compared.find((f) => (row[f] ?? null) !== (self[f as keyof AssistanceRow] ?? null));
        if (changed) {
          throw badInput(
            spec.keyField,
            'duplicate',
            `${self.id} is already recorded with another ${changed}: an import does not change it (endPartyAssistance ends a record)`,
          );
        }
      } else recorded.push({ ...row, voidedAt: null } as unknown as AssistanceRow);
      return row;
    },
    keyOf: (row) => row.id,
    existing: async (tx, rows) => {
      const found = await tx
        .select()
        .from(assistance)
        .where(sql`${assistance.id} = any(${sql.param(rows.map((r) => r.id))}::text[])`);
      return new Map(found.map((r) => [r.id, [r]]));
    },
    differs: () => false,
    write: async ({ tx, logMany }, creates) => {
      const created = creates.length
        ? await tx
            .insert(assistance)
            .values([...creates])
            .returning()
        : [];
      await logMany(created.map((r) => ({ entity: spec.entity, entityId: r.id, after: r })));
      return created;
    },
  };
}

const HELPER = (note: string) =>
  col({
    key: 'helperId',
    en: 'helper',
    zh: '帮扶党派',
    type: 'organization',
    example: 'org-party-minge',
    note: `${note}: id, unified social credit code, or exact name or alias`,
  });

/**
 * Supervision assignments (`createSupervisionAssignment`), keyed on party, province and start date
 * (the record's id): one province per party and one party per province at a time.
 */
export const supervisionImport = partyKind<CreateSupervisionAssignmentInput>({
  name: 'parties-supervision',
  kind: 'SUPERVISION',
  action: 'createSupervisionAssignment',
  entity: 'SupervisionAssignment',
  key: 'party, province and start date',
  columns: [
    HELPER('a democratic party’s central committee'),
    col({ key: 'helpedCode', en: 'province', zh: '省份代码', type: 'code', example: '52', note: 'the province supervised' }),
    ...periodColumns({ example: '2016-01-01' }),
    col({ key: 'untilPlanned', en: 'until planned', zh: '计划结束', type: 'boolean', required: false, example: '', note: 'true: the end is a plan' }),
    col({ key: 'arrangement', en: 'arrangement', zh: '安排', type: 'text', required: false, example: '', note: 'at most 200 characters' }),
    col({ key: 'evidenceUrl', en: 'evidence url', zh: '依据网址', type: 'text', required: false, example: '', note: 'an http(s) address' }),
  ],
  input: cellsAsInput,
  values: (input, registry, m, who) => {
    const h = helperOf(registry, input.helperId);
    if (!editsPartyAs(who, m, h.partyId, true)) throw forbidden(`only ${h.partyId}'s central-committee editors record its supervision assignments`);
    requirePartyKind(h, ['DEMOCRATIC_PARTY']);
    requireCentral(h);
    const region = registry.place('input.helpedCode', input.helpedCode);
    checkPartyUnlocked(registry, region.code, input.since, input.until ?? null);
    if (region.level !== 'PROVINCE') throw badInput('input.helpedCode', 'level', `${region.name} is a ${region.level}: supervision is of a province`);
    const { until } = checkPeriod({ since: 'input.since', until: 'input.until' }, input);
    if (input.untilPlanned && !until) throw badInput('input.until', 'required', 'a planned end needs a date');
    return {
      id: recordId('sup', h.org.id, region.code, input.since),
      kind: 'SUPERVISION',
      helperId: h.org.id,
      partyId: h.partyId,
      helpedCode: region.code,
      since: input.since,
      until,
      untilPlanned: Boolean(input.untilPlanned && until),
      arrangement: optionalText('input.arrangement', input.arrangement, 200),
      evidenceUrl: optionalUrl('input.evidenceUrl', input.evidenceUrl),
      source: 'api',
    };
  },
  clash: (row, others) => {
    const period = { since: row.since, until: row.until ?? null };
    const clashes = others.filter((o) => (o.helperId === row.helperId || o.helpedCode === row.helpedCode) && overlaps(o, period));
    const duplicate = clashes.find((c) => c.helperId === row.helperId && c.helpedCode === row.helpedCode);
    if (duplicate)
      throw badInput('input.helpedCode', 'duplicate', `${duplicate.id} already records this party supervising ${row.helpedCode} in an overlapping period`);
    const sameParty = clashes.find((c) => c.helperId === row.helperId);
    if (sameParty)
      throw badInput(
        'input.helperId',
        'one-province-per-party',
        `${row.helperId} already supervises ${sameParty.helpedCode} then (${sameParty.id}): one province each`,
      );
    const sameProvince = clashes[0];
    if (sameProvince) {
      throw badInput(
        'input.helpedCode',
        'one-party-per-province',
        `${row.helpedCode} is already supervised by ${sameProvince.helperId} then (${sameProvince.id}): one party each`,
      );
    }
  },
  keyField: 'input.helpedCode',
  compared: ['until', 'untilPlanned', 'arrangement', 'evidenceUrl'],
});

/** Own aid counties (`recordOwnAidCounty`), keyed on party, county and start date (the record's id). */
export const ownAidCountyImport = partyKind<RecordOwnAidCountyInput>({
  name: 'parties-own-aid-counties',
  kind: 'OWN_AID_COUNTY',
  action: 'recordOwnAidCounty',
  entity: 'OwnAidCounty',
  key: 'party, county and start date',
  columns: [
    HELPER('a party’s or ACFIC’s central committee'),
    col({ key: 'helpedCode', en: 'county', zh: '县代码', type: 'code', example: '520621', note: 'a county; a former code reads as the place it names now' }),
    ...periodColumns({ example: '2016-01-01' }),
    col({ key: 'sinceDocumented', en: 'since documented', zh: '起始日期有据', type: 'boolean', required: false, example: 'true', note: 'blank: true' }),
    col({ key: 'evidenceUrl', en: 'evidence url', zh: '依据网址', type: 'text', required: false, example: '', note: 'an http(s) address' }),
    col({ key: 'note', en: 'note', zh: '备注', type: 'text', required: false, example: '演示数据', note: 'at most 2000 characters' }),
  ],
  input: cellsAsInput,
  values: (input, registry, m, who) => {
    const h = helperOf(registry, input.helperId);
    if (!editsPartyAs(who, m, h.partyId, true)) throw forbidden(`only ${h.partyId}'s central-committee editors record its own aid counties`);
    requirePartyKind(h);
    requireCentral(h);
    const region = registry.place('input.helpedCode', input.helpedCode);
    checkPartyUnlocked(registry, region.code, input.since, input.until ?? null);
    if (region.level !== 'COUNTY') throw badInput('input.helpedCode', 'level', `${region.name} is a ${region.level}: an own aid county is county-level`);
    const { until } = checkPeriod({ since: 'input.since', until: 'input.until' }, input);
    return {
      id: recordId('own', h.org.id, region.code, input.since),
      kind: 'OWN_AID_COUNTY',
      helperId: h.org.id,
      partyId: h.partyId,
      helpedCode: region.code,
      since: input.since,
      until,
      sinceDocumented: input.sinceDocumented ?? true,
      evidenceUrl: optionalUrl('input.evidenceUrl', input.evidenceUrl),
      note: optionalText('input.note', input.note, 2000),
      source: 'api',
    };
  },
  clash: (row, others) => {
    const clash = others.find(
      (o) => o.helperId === row.helperId && o.helpedCode === row.helpedCode && overlaps(o, { since: row.since, until: row.until ?? null }),
    );
    if (clash) throw badInput('input.helpedCode', 'duplicate', `${clash.id} already records this party helping ${row.helpedCode} in an overlapping period`);
  },
  keyField: 'input.helpedCode',
  compared: ['until', 'sinceDocumented', 'evidenceUrl', 'note'],
});

/** Intellectual assistance (`recordIntellectualAssistance`), keyed on committee, place, form, title and start date (the record's id). */
export const intellectualImport = partyKind<RecordIntellectualAssistanceInput>({
  name: 'parties-intellectual-assistance',
  kind: 'INTELLECTUAL',
  action: 'recordIntellectualAssistance',
  entity: 'IntellectualAssistance',
  key: 'committee, place, form, title and start date',
  columns: [
    HELPER('a party or ACFIC committee at any level'),
    col({
      key: 'helpedCode',
      en: 'place',
      zh: '受援地代码',
      type: 'code',
      example: '520621',
      note: 'any place; a former code reads as the place it names now',
    }),
    col({ key: 'form', en: 'form', zh: '形式', type: 'enum', allowed: INTELLECTUAL_FORMS, example: 'TRAINING', note: 'consultation, training or project' }),
    col({ key: 'title', en: 'title', zh: '名称', type: 'text', example: '演示·农技培训班', note: 'at most 200 characters' }),
    ...periodColumns({ example: '2016-01-01' }, { example: '2016-01-10', note: 'blank only for a running PROJECT' }),
    col({ key: 'experts', en: 'experts', zh: '专家人数', type: 'integer', required: false, example: '3', note: 'a whole number' }),
    col({ key: 'trainees', en: 'trainees', zh: '培训人数', type: 'integer', required: false, example: '60', note: 'TRAINING only, and required there' }),
    col({ key: 'note', en: 'note', zh: '备注', type: 'text', required: false, example: '', note: 'at most 2000 characters' }),
  ],
  input: cellsAsInput,
  values: (input, registry, m, who) => {
    const h = helperOf(registry, input.helperId);
    if (!editsPartyAs(who, m, h.partyId)) throw forbidden(`only ${h.partyId}'s editors record its intellectual aid`);
    requirePartyKind(h);
    const region = registry.place('input.helpedCode', input.helpedCode);
    checkPartyUnlocked(registry, region.code, input.since, input.until ?? null);
    const title = requiredText('input.title', input.title, 200);
    const until = input.until ?? null;
    if (!until && input.form !== 'PROJECT') throw badInput('input.until', 'required', 'only a running PROJECT may be left open');
    checkPeriod({ since: 'input.since', until: 'input.until' }, { since: input.since, until });
    const experts = checkOptionalCount('input.experts', input.experts);
    const trainees = checkOptionalCount('input.trainees', input.trainees);
    if (input.form === 'TRAINING' && trainees === null) throw badInput('input.trainees', 'required', 'a training course counts its trainees');
    if (input.form !== 'TRAINING' && trainees !== null)
      throw badInput('input.trainees', 'trainees-training-only', 'people trained are counted on TRAINING records only');
    return {
      id: recordId('ia', h.org.id, region.code, input.form, title, input.since),
      kind: 'INTELLECTUAL',
      helperId: h.org.id,
      partyId: h.partyId,
      helpedCode: region.code,
      since: input.since,
      until,
      form: input.form,
      title,
      experts,
      trainees,
      note: optionalText('input.note', input.note, 2000),
      source: 'api',
    };
  },
  clash: (row, others) => {
    const clash = others.find(
      (o) =>
        o.helperId === row.helperId &&
        o.helpedCode === row.helpedCode &&
        o.form === row.form &&
        o.title === row.title &&
        overlaps(o, { since: row.since, until: row.until ?? null }),
    );
    if (clash) throw badInput('input.title', 'duplicate', `${clash.id} already records this ${String(row.form).toLowerCase()} in an overlapping period`);
  },
  keyField: 'input.title',
  compared: ['until', 'experts', 'trainees', 'note'],
});

/** The kinds this channel imports, with its audit log: the command's, the endpoint's and `startPartiesImport`'s. */
export const partiesImports = (): ImportEntry[] =>
  [supervisionImport, ownAidCountyImport, intellectualImport, tripImport, recommendationImport].map((kind) => ({
    kind: kind as ImportEntry['kind'],
    auditLog,
  }));
