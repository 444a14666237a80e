import { sql } from 'drizzle-orm';
import { rowsOf } from '../../lib/batch.js';
import { normalizeCode } from '../../lib/codes.js';
import type { Db } from '../../lib/db.js';
import { DEMO_NAME_PREFIX, isDemoName } from '../../lib/demo.js';
import { badInput, forbidden } from '../../lib/errors.js';
import { canEditOrg, isAdmin, type Identity } from '../../lib/identity.js';
import { type CellValue, type Column, type ImportKind, listCell } from '../../lib/import/kind.js';
import { nameId } from '../../lib/org-ids.js';
import { splitCodeInput } from '../../lib/registry-api.js';
import { checkCode, requiredText } from '../../lib/rules.js';
import { isHistoryCode } from './code-history.js';
import { type CodeHistoryEntry, latestHistoryByCodes } from './loaders.js';
import {
  ORGANIZATION_KINDS,
  organizationAliasesTable as aliases,
  organizationsTable as orgs,
  type OrganizationKind,
  regionsTable as regions,
} from './tables.js';

/**
 * The rules of an organisation's fields, for `createOrganization`, `updateOrganization` and a
 * file's rows (kind `registry-organizations`) alike: the facts they need read a batch at a time
 * (`organizationBatch`), each row then checked without another statement.
 */

/** The longest name or alias of an organisation. */
const MAX_NAME = 200;
const USCC_RE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const ID_RE = /^[A-Za-z0-9][A-Za-z0-9-]{1,63}$/;

type OrganizationRecord = typeof orgs.$inferSelect;
/** A recorded organisation with its aliases (sorted), as the audit log keeps it. */
export type OrganizationSnapshot = OrganizationRecord & { aliases: string[] };

/** The fields a write may set; `undefined`: left as they are, `null`: cleared. */
export interface OrganizationFieldsInput {
  name?: string | null;
  nameEn?: string | null;
  homeRegionCode?: string | null;
  parentId?: string | null;
  uscc?: string | null;
  aliases?: readonly string[] | null;
}

export interface NewOrganizationInput extends OrganizationFieldsInput {
  id?: string | null;
  name: string;
  kind: string;
}

/** What a batch of writes needs to know of the registry's own rows, read in a few statements. */
export interface OrganizationBatch {
  /** The organisations the batch names (ids, parents, credit codes, names), with their aliases. */
  byId: Map<string, OrganizationSnapshot>;
  /** Each named parent's own parent, up the chain (a cycle check needs no statement of its own). */
  parentOf: Map<string, string | null>;
  /** Each code given: its latest history entry (a former code), and the places of the edition that exist. */
  history: Map<string, CodeHistoryEntry>;
  /** The places of the edition among the codes given and their successors: code → name. */
  places: Map<string, string>;
}

/**
 * The facts of a batch of organisation writes, in four statements: the organisations named (by
 * id, parent, credit code, or name and kind; locked until the write commits), their aliases,
 * the parents' chains, the codes given (history and places).
 */
export async function organizationBatch(tx: Db, inputs: readonly (OrganizationFieldsInput & { id?: string | null; kind?: string | null })[]) {
  const ids = new Set<string>();
  const usccs = new Set<string>();
  const names: [string, string][] = [];
  const codes = new Set<string>();
  for (const i of inputs) {
    if (i.id) ids.add(i.id);
    if (i.parentId) ids.add(i.parentId);
    if (i.uscc) usccs.add(i.uscc);
    if (i.name && i.kind) names.push([i.name.trim(), i.kind]);
    const code = i.homeRegionCode ? normalizeCode(i.homeRegionCode) : null;
    if (code) codes.add(code);
  }
  const batch: OrganizationBatch = { byId: new Map(), parentOf: new Map(), history: new Map(), places: new Map() };
  const found = await tx
    .select()
    .from(orgs)
    .where(
      sql`${orgs.id} = any(${sql.param([...ids])}::text[]) or ${orgs.uscc} = any(${sql.param([...usccs])}::text[])
        or (${orgs.name}, ${orgs.kind}::text) in (select k->>0, k->>1 from jsonb_array_elements(${JSON.stringify(names)}::jsonb) as k)`,
    )
    .for('update');
  if (found.length) {
    const names = await tx
      .select()
      .from(aliases)
      .where(sql`${aliases.organizationId} = any(${sql.param(found.map((f) => f.id))}::text[])`);
    for (const f of found)
      batch.byId.set(f.id, {
        ...f,
        aliases: names
          .filter((a) => a.organizationId === f.id)
          .map((a) => a.alias)
          .sort(),
      });
    const parents = [...new Set(found.map((f) => f.parentId).filter((p): p is string => !!p))];
    for (const f of found) batch.parentOf.set(f.id, f.parentId);
    if (parents.length) {
      const chain = await tx.execute(sql`with recursive up(id, parent_id) as (
          select ${orgs.id}, ${orgs.parentId} from ${orgs} where ${orgs.id} = any(${sql.param(parents)}::text[])
          union select o.id, o.parent_id from ${orgs} o join up on o.id = up.parent_id)
        select id, parent_id from up`);
      for (const r of rowsOf<{ id: string; parent_id: string | null }>(chain)) batch.parentOf.set(r.id, r.parent_id);
    }
  }
  if (codes.size) {
    const former = [...codes].filter(isHistoryCode);
    const entries = former.length ? await latestHistoryByCodes(tx, former) : [];
    entries.forEach((e, i) => e && batch.history.set(former[i], e));
    const wanted = [...codes, ...entries.flatMap((e) => e?.currentCodes ?? [])];
    const there = await tx
      .select({ code: regions.code, name: regions.name })
      .from(regions)
      .where(sql`${regions.code} = any(${sql.param(wanted)}::text[])`);
    for (const r of there) batch.places.set(r.code, r.name);
  }
  return batch;
}

/** A code as the registry records it: a former code's successor (split: refused), a place that exists. */
function placeCode(batch: OrganizationBatch, field: string, input: string): string {
  const asked = checkCode(field, input);
  let code = asked;
  const entry = isHistoryCode(asked) ? batch.history.get(asked) : undefined;
  if (entry) {
    if (entry.currentCodes.length > 1) {
      throw splitCodeInput(field, {
        code: asked,
        name: entry.name,
        changedIn: entry.untilYear,
        places: entry.currentCodes.map((c) => ({ code: c, name: batch.places.get(c) ?? '' })),
      });
    }
    code = entry.currentCodes[0] ?? asked;
  }
  if (!batch.places.has(code)) throw badInput(field, 'exists', `no place has the code ${input}`);
  return code;
}

/**
 * The fields of a write, checked on the batch's facts. `selfId`: the organisation changed (null
 * for a new one); `demo`: it is generated (its name keeps the 演示· mark; a real one's may not carry it).
 */
export function checkOrganizationFields(
  input: OrganizationFieldsInput,
  batch: OrganizationBatch,
  selfId: string | null,
  kind: OrganizationKind,
  demo: boolean,
) {
  const out: Partial<typeof orgs.$inferInsert> = {};
  if (input.name !== undefined) {
    const name = requiredText('input.name', input.name, MAX_NAME);
    if (isDemoName(name) !== demo) {
      throw badInput(
        'input.name',
        'demo-mark',
        demo ? `a generated organisation's name keeps ${DEMO_NAME_PREFIX}` : `${DEMO_NAME_PREFIX} marks generated organisations only`,
      );
    }
    out.name = name;
  }
  if (input.nameEn !== undefined) out.nameEn = input.nameEn?.trim() || null;
  if (input.homeRegionCode !== undefined)
    out.homeRegionCode = input.homeRegionCode === null ? null : placeCode(batch, 'input.homeRegionCode', input.homeRegionCode);
  if (input.parentId !== undefined) {
    if (input.parentId === null) out.parentId = null;
    else {
      if (input.parentId === selfId) throw badInput('input.parentId', 'no-cycle', 'an organisation cannot be its own parent');
      if (!batch.byId.has(input.parentId)) throw badInput('input.parentId', 'exists', `no organisation has the id ${input.parentId}`);
      if (selfId) {
        // Walk up from the new parent: meeting this organisation would close a cycle.
        const seen = new Set<string>();
        for (let at: string | null | undefined = input.parentId; at && !seen.has(at); at = batch.parentOf.get(at)) {
          if (at === selfId) throw badInput('input.parentId', 'no-cycle', 'the parent is below this organisation');
          seen.add(at);
        }
      }
      out.parentId = input.parentId;
    }
  }
  if (input.uscc !== undefined) {
    if (input.uscc === null) out.uscc = null;
    else {
      if (kind === 'INDIVIDUAL') throw badInput('input.uscc', 'kind', 'an individual has no unified social credit code');
      if (!USCC_RE.test(input.uscc)) throw badInput('input.uscc', 'uscc-format', 'must be an 18-character unified social credit code');
      const clash = [...batch.byId.values()].find((o) => o.uscc === input.uscc && o.id !== selfId);
      if (clash) throw badInput('input.uscc', 'unique', `already registered to ${clash.id}`);
      out.uscc = input.uscc;
    }
  }
  let aliasList: string[] | null = null;
  if (input.aliases != null) {
    aliasList = [...new Set(input.aliases.map((a) => a.trim()))];
    aliasList.forEach((a, i) => requiredText(`input.aliases[${i}]`, a, MAX_NAME));
  }
  return { values: out, aliasList };
}

/** A new organisation's rules (`createOrganization`): administrators only, a known kind, its fields, a free id. */
export function checkNewOrganization(who: Identity, input: NewOrganizationInput, batch: OrganizationBatch) {
  if (!isAdmin(who)) throw forbidden('only an administrator registers organisations');
  if (!ORGANIZATION_KINDS.includes(input.kind as OrganizationKind)) throw badInput('input.kind', 'kind', `unknown kind ${input.kind}`);
  const kind = input.kind as OrganizationKind;
  const { values, aliasList } = checkOrganizationFields(input, batch, null, kind, false);
  const id = input.id ?? (input.uscc || nameId('org', values.name!));
  if (!ID_RE.test(id)) throw badInput('input.id', 'id-format', 'must be 2 to 64 letters, digits or hyphens');
  if (batch.byId.has(id)) throw badInput('input.id', 'unique', `an organisation with id ${id} exists`);
  return { id, values: { ...values, id, name: values.name!, kind, source: 'api', demo: false }, aliasList };
}

// ---- the kind --------------------------------------------------------------------------------

/** A row of an organisations file: a blank optional cell leaves a recorded organisation's field as it is. */
export interface OrganizationRowInput extends NewOrganizationInput {}

/** A checked row: the organisation's values after the row (a recorded one's fields kept where the row gives none). */
export interface CheckedOrganization {
  key: string;
  /** The recorded organisation the row's key names, or null (a new one). */
  matchId: string | null;
  values: Omit<OrganizationRecord, 'version' | 'createdAt' | 'updatedAt' | 'voidedAt' | 'voidedBy' | 'voidReason'>;
  aliases: string[];
  /** The recorded organisation as it was (the audit's `before`). */
  before: OrganizationSnapshot | null;
}

/** The natural key: the credit code when given, else the exact name and kind. */
const keyOfInput = (uscc: string | null | undefined, name: string, kind: string) => (uscc ? `uscc|${uscc}` : `name|${name.trim()}|${kind}`);

const col = (c: Omit<Column, 'required' | 'fields'> & { required?: boolean }): Column => ({ required: false, fields: [`input.${c.key}`], ...c });

/**
 * Registry organisations (`createOrganization`; a recorded key is changed as `updateOrganization`
 * changes it), keyed on the unified social credit code when the row gives one, else on the exact
 * name and kind. Creating is for administrators; changing, for whoever may edit that organisation.
 */
export const organizationImport: ImportKind<OrganizationRowInput, OrganizationBatch, CheckedOrganization, OrganizationSnapshot> = {
  name: 'registry-organizations',
  subgraph: 'registry',
  channel: null,
  action: 'createOrganization',
  entity: 'Organization',
  key: 'unified social credit code, else name and kind',
  columns: [
    col({ key: 'id', en: 'id', zh: '编号', type: 'id', example: '', note: 'blank: the credit code, else one made from the name' }),
    col({ key: 'name', en: 'name', zh: '名称', type: 'text', required: true, example: '陕西某某实业有限公司', note: `at most ${MAX_NAME} characters` }),
    col({
      key: 'kind',
      en: 'kind',
      zh: '类型',
      type: 'enum',
      required: true,
      allowed: ORGANIZATION_KINDS,
      example: 'PRIVATE_ENTERPRISE',
      note: 'cannot change',
    }),
    col({ key: 'uscc', en: 'uscc', zh: '统一社会信用代码', type: 'text', example: '91610000MA6TG1234X', note: '18 characters; the key when given' }),
    col({ key: 'nameEn', en: 'name en', zh: '英文名称', type: 'text', example: '', note: 'optional' }),
    col({ key: 'homeRegionCode', en: 'home region', zh: '所在地代码', type: 'code', example: '610426', note: 'a former code reads as the place it names now' }),
    col({ key: 'parentId', en: 'parent', zh: '上级单位编号', type: 'id', example: '', note: 'a recorded organisation’s id' }),
    {
      ...col({
        key: 'aliases',
        en: 'aliases',
        zh: '别名',
        type: 'text',
        example: '某某实业；某某公司',
        note: 'separated by ; or ； (a recorded organisation takes the list)',
      }),
    },
  ],
  input: (c) => {
    const opt = (v: CellValue) => (v == null ? undefined : String(v));
    return {
      id: opt(c.id) ?? null,
      name: c.name as string,
      kind: c.kind as string,
      uscc: opt(c.uscc),
      nameEn: opt(c.nameEn),
      homeRegionCode: opt(c.homeRegionCode),
      parentId: opt(c.parentId),
      aliases: listCell(c.aliases) ?? undefined,
    };
  },
  needs: () => {},
  batchFacts: (tx, inputs) => organizationBatch(tx, inputs),
  check: (input, _registry, batch, who) => {
    const key = keyOfInput(input.uscc, input.name, input.kind);
    const name = input.name.trim();
    const matches = [...batch.byId.values()].filter(
      (o) => o.voidedAt === null && (input.uscc ? o.uscc === input.uscc : o.name === name && o.kind === input.kind),
    );
    if (matches.length > 1)
      throw badInput('input', 'ambiguous-key', `${matches.length} organisations have this key (${matches.map((m) => m.id).join(', ')}): give the credit code`);
    const match = matches[0];
    if (!match) {
      const made = checkNewOrganization(who, input, batch);
      const values = { nameEn: null, homeRegionCode: null, parentId: null, uscc: null, ...made.values } as CheckedOrganization['values'];
      // Later rows of the batch see it: as a parent, as the owner of its credit code.
      batch.byId.set(made.id, { ...values, aliases: [], voidedAt: null } as unknown as OrganizationSnapshot);
      batch.parentOf.set(made.id, values.parentId);
      return { key, matchId: null, values, aliases: (made.aliasList ?? []).sort(), before: null };
    }
    if (!canEditOrg(who, match.id)) throw forbidden(`you may not edit organisation ${match.id}`);
    if (input.id && input.id !== match.id) throw badInput('input.id', 'unique', `the row's key names organisation ${match.id}, not ${input.id}`);
    if (input.kind !== match.kind) throw badInput('input.kind', 'kind', `${match.id} is ${match.kind}: a kind does not change`);
    const { values, aliasList } = checkOrganizationFields({ ...input, name: input.name }, batch, match.id, match.kind, match.demo);
    const { aliases: recordedAliases, version: _v, createdAt: _c, updatedAt: _u, voidedAt: _va, voidedBy: _vb, voidReason: _vr, ...recorded } = match;
    return {
      key,
      matchId: match.id,
      values: { ...recorded, ...values } as CheckedOrganization['values'],
      aliases: aliasList ? aliasList.sort() : recordedAliases,
      before: match,
    };
  },
  keyOf: (row) => row.key,
  // The check found each row's recorded organisation among the batch's facts (locked there).
  existing: async (_tx, rows) => new Map(rows.filter((r) => r.before).map((r) => [r.key, [r.before as OrganizationSnapshot]])),
  differs: (row, e) =>
    (['name', 'nameEn', 'homeRegionCode', 'parentId', 'uscc'] as const).some((k) => (row.values[k] ?? null) !== (e[k] ?? null)) ||
    JSON.stringify(row.aliases) !== JSON.stringify(e.aliases),
  write: async ({ tx, logMany }, creates, updates, returning) => {
    const created = creates.length
      ? await tx
          .insert(orgs)
          .values(creates.map((c) => ({ ...c.values, source: 'api', demo: false })))
          .returning()
      : [];
    let updated: OrganizationRecord[] = [];
    if (updates.length) {
      const patch = updates.map(({ row }) => ({
        id: row.matchId,
        name: row.values.name,
        name_en: row.values.nameEn,
        home_region_code: row.values.homeRegionCode,
        parent_id: row.values.parentId,
        uscc: row.values.uscc,
      }));
      updated = await tx
        .update(orgs)
        .set({
          name: sql`v.name`,
          nameEn: sql`v.name_en`,
          homeRegionCode: sql`v.home_region_code`,
          parentId: sql`v.parent_id`,
          uscc: sql`v.uscc`,
          version: sql`${orgs.version} + 1`,
          updatedAt: new Date(),
        })
        .from(sql`jsonb_to_recordset(${JSON.stringify(patch)}::jsonb) as v(id text, name text, name_en text, home_region_code text, parent_id text, uscc text)`)
        .where(sql`${orgs.id} = v.id`)
        .returning();
      await tx.delete(aliases).where(sql`${aliases.organizationId} = any(${sql.param(updates.map((u) => u.row.matchId as string))}::text[])`);
    }
    const names = [
      ...creates.map((c) => ({ id: c.values.id, aliases: c.aliases })),
      ...updates.map((u) => ({ id: u.row.matchId as string, aliases: u.row.aliases })),
    ];
    const aliasRows = names.flatMap((n) => n.aliases.map((alias) => ({ organizationId: n.id, alias })));
    if (aliasRows.length) await tx.insert(aliases).values(aliasRows);
    const aliasesOf = new Map(names.map((n) => [n.id, n.aliases]));
    const before = new Map(updates.map((u) => [u.before.id, u.before]));
    await logMany([
      ...created.map((r) => ({ entity: 'Organization', entityId: r.id, after: { ...r, aliases: aliasesOf.get(r.id) ?? [] } })),
      ...updated.map((r) => ({ entity: 'Organization', entityId: r.id, before: before.get(r.id), after: { ...r, aliases: aliasesOf.get(r.id) ?? [] } })),
    ]);
    return returning ? created.map((r) => ({ ...r, aliases: aliasesOf.get(r.id) ?? [] })) : [];
  },
};
