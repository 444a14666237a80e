import { and, eq, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { checkReason, correctRecord, counts, voidRecord, type Voidable } from '../../lib/corrections.js';
import { checkUnlocked } from '../../lib/locks.js';
import { audited, lockKey } from '../../lib/audit.js';
import { levelOf, normalizeCode } from '../../lib/codes.js';
import { noPlace, type RegionFacts } from '../../lib/registry-api.js';
import type { Db } from '../../lib/db.js';
import { badInput, forbidden, notFound } from '../../lib/errors.js';
import { canEditOrg, isAnonymous } from '../../lib/identity.js';
import { yearOf, yearsOfPeriod } from '../../lib/calendar.js';
import { checkCode, checkPeriod, optionalText, optionalUrl, requiredText } from '../../lib/rules.js';
import { overlapsRound, POSTING_LEVEL } from './domain.js';
import type { DesignatedCadreCorrection, DesignatedPairingCorrection } from './types.generated.js';
import { answerRow } from '../../lib/versions.js';
import type { CadreRow, Context, PairingRow, ReportRow } from './loaders.js';
import { arrangesPairing, reviews } from './access.js';
import { designated } from './channel.js';
import { auditLog, cadresTable as cadres, pairingsTable as pairings, reportsTable as reports, type ReportStatus } from './tables.js';

/**
 * Corrections and voids of designated records (lib/corrections.ts): a pairing's or a posting's
 * correction with the rules of creating it, and the void of any of the channel's records.
 */
// ---- transactional reads (inside `audited`: only `tx`, never the loaders) ----------------------
// PGlite runs every statement behind an open transaction, so a read through ctx.db inside one
// would wait for itself: registry facts are fetched before the transaction opens.

export async function lockedPairing(tx: Db, id: string): Promise<PairingRow | null> {
  const [row] = await tx.select().from(pairings).where(eq(pairings.id, id)).for('update');
  return row ?? null;
}

export async function lockedReport(tx: Db, id: string): Promise<ReportRow | null> {
  const [row] = await tx.select().from(reports).where(eq(reports.id, id)).for('update');
  return row ?? null;
}

// ---- corrections and voids -------------------------------------------------------------------

/** The record kinds a void takes, by their type. */
const KIND_OF_ENTITY = { DesignatedCadre: 'cadre', DesignatedReport: 'report', DesignatedAssistance: 'pairing' } as const;

/**
 * Void a designated pairing (`dsg-p-`), cadre posting (`dsg-c-`) or annual report (`dsg-r-`):
 * same access as ending, recalling or reviewing it (a report: its reviewers in any state, the
 * unit's editors while it is not under review or approved); the lock over its years (channel
 * DESIGNATED) asked before the transaction.
 */
export async function voidDesignatedRecord(ctx: Context, id: string, reasonInput: string | null | undefined) {
  const who = ctx.identity;
  const reason = checkReason(reasonInput);
  // The kind its prefix names (channel.ts); an id of no kind is NOT_FOUND.
  const spec = designated.specOf<Voidable & { id: string; helperId?: string; helpedCode?: string; status?: ReportStatus }>(id, 'designated record');
  const kind = KIND_OF_ENTITY[spec.entity as keyof typeof KIND_OF_ENTITY];
  const l = ctx.loaders;
  const row = kind === 'cadre' ? await l.cadreById.load(id) : kind === 'report' ? await l.reportById.load(id) : await l.pairingById.load(id);
  if (!row) throw notFound('id', 'designated record', id);
  const report = kind === 'report' ? (row as ReportRow) : null;
  const owner = report ? await l.pairingById.load(report.pairingId) : (row as PairingRow | CadreRow);
  const place = owner && ('postedCode' in owner ? owner.postedCode : owner.helpedCode);
  const years = report ? [report.year] : yearsOfPeriod((row as PairingRow).since, (row as PairingRow).until);
  const lock = isAnonymous(who) || !place ? null : await ctx.registry.periodLock({ channel: 'DESIGNATED', codes: [place], years });
  if (report) spec.regions = place ? [place] : [];
  const after = await audited(ctx.db, auditLog, who, 'voidDesignatedRecord', spec.entity, async (scope) =>
    voidRecord(scope, who, spec, reason, (before) => {
      const pairing = owner as PairingRow;
      const may =
        kind === 'cadre'
          ? canEditOrg(who, before.helperId!)
          : kind === 'pairing'
            ? arrangesPairing(who, before.helperId!, before.helpedCode ?? null)
            : reviews(who, pairing.helpedCode) || (canEditOrg(who, pairing.helperId) && (before.status === 'DRAFT' || before.status === 'RETURNED'));
      if (!may) throw forbidden(`you may not void ${id}`);
      checkUnlocked(lock, 'id');
    }),
  );
  if (kind === 'cadre') return answerRow(l.cadreById, after as unknown as CadreRow);
  if (kind === 'report') return answerRow(l.reportById, after as unknown as ReportRow);
  return answerRow(l.pairingById, after as unknown as PairingRow);
}

/** The years of two periods, the record's before and after a correction (a lock on any refuses it). */
const yearsOfBoth = (a: { since: string; until: string | null }, b: { since: string; until: string | null }) =>
  /^\d{4}-/.test(b.since) ? [...new Set([...yearsOfPeriod(a.since, a.until), ...yearsOfPeriod(b.since, b.until)])] : yearsOfPeriod(a.since, a.until);

/** `correctDesignatedPairing`: the period, arrangement, round, evidence and note, with the rules of creating one. */
export async function correctPairing(
  ctx: Context,
  id: string,
  input: DesignatedPairingCorrection,
  reasonInput: string | null | undefined,
  expected: number | null | undefined,
) {
  const who = ctx.identity;
  const reason = checkReason(reasonInput);
  const has = (k: keyof DesignatedPairingCorrection) => Object.hasOwn(input, k);
  const current = await ctx.loaders.pairingById.load(id);
  const asked = current && { since: input.since ?? current.since, until: has('until') ? (input.until ?? null) : current.until };
  const lock =
    current && asked && !isAnonymous(who)
      ? await ctx.registry.periodLock({ channel: 'DESIGNATED', codes: [current.helpedCode], years: yearsOfBoth(current, asked) })
      : null;
  const spec = { table: pairings, key: pairings.id, keyValue: id, id, entity: 'DesignatedAssistance', what: 'designated pairing' };
  const after = await audited(ctx.db, auditLog, who, 'correctDesignatedPairing', 'DesignatedAssistance', async (scope) => {
    const { tx } = scope;
    // The pair's lock before the row's, in the order a creation takes them (unit and county never change).
    if (current) await lockKey(tx, `dsg-pairing|${current.helperId}|${current.helpedCode}`);
    return correctRecord<PairingRow>(scope, spec, reason, expected, async (before) => {
      if (!arrangesPairing(who, before.helperId, before.helpedCode)) throw forbidden(`you may not correct pairing ${id}`);
      checkUnlocked(lock, 'id');
      const period = checkPeriod(
        { since: 'input.since', until: 'input.until' },
        { since: input.since ?? before.since, until: has('until') ? (input.until ?? null) : before.until },
      );
      const round = input.round ?? before.round;
      if (!overlapsRound(round, period.since, period.until)) throw badInput('input.round', 'round', `the period does not reach into ${round}`);
      const [cadre] = await tx
        .select({ id: cadres.id })
        .from(cadres)
        .where(
          and(
            eq(cadres.pairingId, id),
            counts(cadres.voidedAt),
            or(sql`${cadres.since} < ${period.since}`, period.until === null ? undefined : or(isNull(cadres.until), sql`${cadres.until} > ${period.until}`)),
          ),
        )
        .limit(1);
      if (cadre) throw badInput('input.since', 'records-outside-period', `cadre posting ${cadre.id} lies outside that period: correct or recall it first`);
      const { start, end } = { start: yearOf(period.since), end: period.until ? yearOf(period.until) : null };
      const [report] = await tx
        .select({ id: reports.id, year: reports.year })
        .from(reports)
        .where(
          and(
            eq(reports.pairingId, id),
            counts(reports.voidedAt),
            or(sql`${reports.year} < ${start}`, end === null ? undefined : sql`${reports.year} > ${end}`),
          ),
        )
        .limit(1);
      if (report) throw badInput('input.since', 'records-outside-period', `the ${report.year} report (${report.id}) lies outside that period`);
      const [clash] = await tx
        .select({ id: pairings.id })
        .from(pairings)
        .where(
          and(
            eq(pairings.helperId, before.helperId),
            eq(pairings.helpedCode, before.helpedCode),
            ne(pairings.id, id),
            counts(pairings.voidedAt),
            lte(pairings.since, period.until ?? '9999-12-31'),
            or(isNull(pairings.until), sql`${pairings.until} >= ${period.since}`),
          ),
        )
        .limit(1);
      if (clash) throw badInput('input.since', 'duplicate', `the unit already helps the county in an overlapping period (${clash.id})`);
      return {
        ...period,
        round,
        arrangement: input.arrangement ?? before.arrangement,
        sinceEvidenced: input.sinceEvidenced ?? before.sinceEvidenced,
        evidenceUrl: has('evidenceUrl') ? optionalUrl('input.evidenceUrl', input.evidenceUrl) : before.evidenceUrl,
        note: has('note') ? optionalText('input.note', input.note, 2000) : before.note,
        updatedAt: new Date(),
      };
    });
  });
  return answerRow(ctx.loaders.pairingById, after);
}

/** `correctDesignatedCadre`: role, place, name, post and term, with the rules of assigning one. */
export async function correctCadre(
  ctx: Context,
  id: string,
  input: DesignatedCadreCorrection,
  reasonInput: string | null | undefined,
  expected: number | null | undefined,
) {
  const who = ctx.identity;
  const reason = checkReason(reasonInput);
  const has = (k: keyof DesignatedCadreCorrection) => Object.hasOwn(input, k);
  const current = await ctx.loaders.cadreById.load(id);
  const posted = input.postedCode != null ? normalizeCode(input.postedCode) : null;
  const place: RegionFacts | null = posted ? await ctx.registry.region(posted) : null;
  const asked = current && { since: input.since ?? current.since, until: has('until') ? (input.until ?? null) : current.until };
  const codes = current ? [...new Set([current.postedCode, ...(place ? [place.code] : [])])] : [];
  const lock =
    current && asked && !isAnonymous(who) ? await ctx.registry.periodLock({ channel: 'DESIGNATED', codes, years: yearsOfBoth(current, asked) }) : null;
  const spec = { table: cadres, key: cadres.id, keyValue: id, id, entity: 'DesignatedCadre', what: 'cadre posting' };
  const after = await audited(ctx.db, auditLog, who, 'correctDesignatedCadre', 'DesignatedCadre', async (scope) => {
    const { tx } = scope;
    if (current) await lockKey(tx, `dsg-cadre|${current.identityNumber}`);
    return correctRecord<CadreRow>(scope, spec, reason, expected, async (before) => {
      if (!canEditOrg(who, before.helperId)) throw forbidden(`only editors of ${before.helperId} may correct its cadres`);
      checkUnlocked(lock, 'id');
      const pairing = (await lockedPairing(tx, before.pairingId))!;
      const role = input.role ?? before.role;
      let code = before.postedCode;
      if (input.postedCode != null) {
        checkCode('input.postedCode', input.postedCode);
        if (!place) throw noPlace(ctx.registry, 'input.postedCode', posted, notFound('input.postedCode', 'place', posted ?? input.postedCode));
        code = place.code;
        if (!code.startsWith(pairing.helpedCode))
          throw badInput('input.postedCode', 'within-place', `must be the pairing's county ${pairing.helpedCode} or a place inside it`);
      }
      const level = POSTING_LEVEL[role];
      if (levelOf(code) !== level) {
        throw badInput(
          input.postedCode != null ? 'input.postedCode' : 'input.role',
          'posting-level',
          `a ${role} is posted to ${level === 'COUNTY' ? 'the county itself' : 'a village'}`,
        );
      }
      const period = checkPeriod(
        { since: 'input.since', until: 'input.until' },
        { since: input.since ?? before.since, until: has('until') ? (input.until ?? null) : before.until },
      );
      if (period.since < pairing.since || (pairing.until !== null && (period.until === null || period.until > pairing.until))) {
        throw badInput('input.since', 'within-period', `the posting must lie inside the pairing (${pairing.since} to ${pairing.until ?? 'ongoing'})`);
      }
      const [clash] = await tx
        .select({ id: cadres.id })
        .from(cadres)
        .where(
          and(
            eq(cadres.identityNumber, before.identityNumber),
            ne(cadres.id, id),
            counts(cadres.voidedAt),
            lte(cadres.since, period.until ?? '9999-12-31'),
            or(isNull(cadres.until), sql`${cadres.until} >= ${period.since}`),
          ),
        )
        .limit(1);
      if (clash) throw badInput('input.since', 'duplicate', `the person already holds a posting in an overlapping period (${clash.id})`);
      return {
        ...period,
        role,
        postedCode: code,
        personName: input.personName != null ? requiredText('input.personName', input.personName, 50) : before.personName,
        position: has('position') ? optionalText('input.position', input.position, 100) : before.position,
        updatedAt: new Date(),
      };
    });
  });
  return answerRow(ctx.loaders.cadreById, after);
}
