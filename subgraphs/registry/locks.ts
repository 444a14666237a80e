import { and, desc, eq, inArray, isNull, like, or, sql } from 'drizzle-orm';
import { audited } from '../../lib/audit.js';
import { ancestorCodesOf } from '../../lib/codes.js';
import { checkReason } from '../../lib/corrections.js';
import { conflict, forbidden, present } from '../../lib/errors.js';
import { auditTrailField, historyOf } from '../../lib/history.js';
import { coordinates, requireSignedIn } from '../../lib/identity.js';
import { LOCK_CHANNELS, type LockChannel, type PeriodLockFacts } from '../../lib/locks.js';
import { checkAtMost, checkCode, checkYear } from '../../lib/rules.js';
import type { Context } from './loaders.js';
import { auditLog, periodLocksTable as locks } from './tables.js';

/**
 * Locked periods (lib/locks.ts): the registry keeps them, one table for every channel, and
 * answers each channel's write the lock in force over it (`periodLockCovering`, one call per write).
 */

type LockRow = typeof locks.$inferSelect;

export const lockId = (row: Pick<LockRow, 'id'>) => `lock-${row.id}`;

/** A lock in force as a channel is told it. */
export const lockFacts = (row: LockRow): PeriodLockFacts => ({
  id: lockId(row),
  channel: row.channel as LockChannel,
  regionCode: row.regionCode,
  year: row.year,
  reason: row.reason,
  lockedBy: row.lockedBy,
  lockedAt: row.lockedAt.toISOString(),
});

/** Who locks and unlocks: ADMIN, or a COORDINATOR whose regions cover the region. */
function requireLocker(ctx: Context, regionCode: string): void {
  if (!coordinates(ctx.identity, regionCode)) {
    throw forbidden(`only an administrator, or a coordinator whose regions cover ${regionCode}, locks or unlocks its periods`);
  }
}

interface LockArgs {
  channel: string;
  regionCode: string;
  year: number;
  reason: string;
}

function checkLockArgs(args: LockArgs) {
  if (!(LOCK_CHANNELS as readonly string[]).includes(args.channel)) throw new Error(`unknown channel ${args.channel}`);
  const regionCode = checkCode('regionCode', args.regionCode);
  checkYear('year', args.year);
  const reason = checkReason(args.reason);
  return { channel: args.channel, regionCode, year: args.year, reason };
}

const inForce = (channel: string, regionCode: string, year: number) =>
  and(eq(locks.channel, channel), eq(locks.regionCode, regionCode), eq(locks.year, year), isNull(locks.unlockedAt));

export const lockResolvers = {
  Query: {
    periodLocks: async (
      _: unknown,
      args: { channel?: string | null; regionCode?: string | null; year?: number | null; includeUnlocked?: boolean | null },
      ctx: Context,
    ) => {
      requireSignedIn(ctx.identity);
      const code = args.regionCode != null ? checkCode('regionCode', args.regionCode) : null;
      return ctx.db
        .select()
        .from(locks)
        .where(
          and(
            args.channel != null ? eq(locks.channel, args.channel) : undefined,
            args.year != null ? eq(locks.year, args.year) : undefined,
            code !== null ? or(inArray(locks.regionCode, [code, ...ancestorCodesOf(code)]), like(locks.regionCode, `${code}%`)) : undefined,
            args.includeUnlocked ? undefined : isNull(locks.unlockedAt),
          ),
        )
        .orderBy(desc(locks.id));
    },
    periodLockCovering: async (_: unknown, args: { channel: string; codes: string[]; years: number[] }, ctx: Context) => {
      checkAtMost('codes', args.codes, 100, 'codes');
      checkAtMost('years', args.years, 100, 'years');
      const places = [...new Set(args.codes.map((c) => checkCode('codes', c)).flatMap((c) => [c, ...ancestorCodesOf(c)]))];
      const [row] = await ctx.db
        .select()
        .from(locks)
        .where(and(eq(locks.channel, args.channel), inArray(locks.year, args.years), inArray(locks.regionCode, places), isNull(locks.unlockedAt)))
        .orderBy(locks.id)
        .limit(1);
      return row ?? null;
    },
    registryAuditTrail: auditTrailField(auditLog, 'registryAuditTrail'),
  },
  Mutation: {
    lockPeriod: (_: unknown, args: LockArgs, ctx: Context) =>
      audited(ctx.db, auditLog, ctx.identity, 'lockPeriod', 'PeriodLock', async ({ tx, log }) => {
        const { channel, regionCode, year, reason } = checkLockArgs(args);
        requireLocker(ctx, regionCode);
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`period-lock|${channel}|${regionCode}|${year}`}))`);
        const [held] = await tx
          .select()
          .from(locks)
          .where(inForce(channel, regionCode, year));
        if (held)
          throw conflict('year', 'period-locked', `${channel} ${year} is already locked for ${regionCode} (${lockId(held)})`, { lock: lockFacts(held) });
        const [row] = await tx.insert(locks).values({ channel, regionCode, year, reason, lockedBy: ctx.identity.sub }).returning();
        await log({ entity: 'PeriodLock', entityId: lockId(row), after: row, reason, regions: [regionCode] });
        return row;
      }),
    unlockPeriod: (_: unknown, args: LockArgs, ctx: Context) =>
      audited(ctx.db, auditLog, ctx.identity, 'unlockPeriod', 'PeriodLock', async ({ tx, log }) => {
        const { channel, regionCode, year, reason } = checkLockArgs(args);
        requireLocker(ctx, regionCode);
        const [held] = await tx
          .select()
          .from(locks)
          .where(inForce(channel, regionCode, year))
          .for('update');
        if (!held) throw conflict('year', 'period-locked', `${channel} ${year} is not locked for ${regionCode}`);
        const [row] = await tx
          .update(locks)
          .set({ unlockedAt: new Date(), unlockedBy: ctx.identity.sub, unlockReason: reason })
          .where(eq(locks.id, held.id))
          .returning();
        await log({ entity: 'PeriodLock', entityId: lockId(row), before: held, after: row, reason, regions: [regionCode] });
        return present(row, 'year', 'period lock', lockId(held));
      }),
  },
  PeriodLock: {
    id: (row: LockRow) => lockId(row),
    region: (row: LockRow) => ({ code: row.regionCode }),
    history: (row: LockRow, _: unknown, ctx: Context) => historyOf(ctx, auditLog, 'PeriodLock', lockId(row)),
  },
};
