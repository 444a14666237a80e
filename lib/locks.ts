import { conflict } from './errors.js';

/**
 * Locked periods (the registry's `lockPeriod`): a channel's reporting year closed for a region.
 * Every write path of a channel — the API's creations, corrections and voids, and an importer —
 * asks the registry once, before its transaction (`RegistryApi.periodLock`, lib/registry-api.ts),
 * for a lock in force over the record's years and places, and refuses the write with
 * `checkUnlocked` when one answers. A write of many records (an import) asks once for the
 * channel's locks in force (`RegistryApi.periodLocksOf`) and checks each record with `lockOver`.
 */

/** The `Channel` values a lock names. */
export const LOCK_CHANNELS = ['DESIGNATED', 'EAST_WEST', 'MILITARY', 'DEMOCRATIC_PARTY', 'ENTERPRISE', 'LOCAL'] as const;
export type LockChannel = (typeof LOCK_CHANNELS)[number];

/** A lock in force, as the registry answers it. */
export interface PeriodLockFacts {
  /** `lock-<n>`. */
  id: string;
  channel: LockChannel;
  regionCode: string;
  year: number;
  reason: string;
  lockedBy: string;
  lockedAt: string;
}

/** What a write asks about: its channel, the record's years and places (before and after a correction). */
export interface LockQuestion {
  channel: LockChannel;
  /** Canonical division codes of the record's places; a lock on any of them or a place containing one covers the record. */
  codes: readonly string[];
  years: readonly number[];
}

/**
 * Refuse a write into a locked period: CONFLICT naming `field`, rule `locked`, the lock in the
 * extensions (`lock`: id, channel, region, year, reason, who locked it and when). Nothing when
 * `lock` is null.
 */
export function checkUnlocked(lock: PeriodLockFacts | null, field: string): void {
  if (!lock) return;
  throw conflict(
    field,
    'locked',
    `${lock.channel} records of ${lock.year} in ${lock.regionCode} are locked (${lock.id}, by ${lock.lockedBy}: ${lock.reason}); unlock the period first`,
    { lock },
  );
}

/** A lock covers a record when the channel and a year match and a place of the record is the region or inside it. */
export function lockCovers(lock: Pick<PeriodLockFacts, 'channel' | 'regionCode' | 'year'>, q: LockQuestion): boolean {
  return lock.channel === q.channel && q.years.includes(lock.year) && q.codes.some((c) => c.startsWith(lock.regionCode));
}

/** The first of `locks` (a channel's locks in force, `periodLocksOf`) that covers a record; null when none. */
export function lockOver(locks: readonly PeriodLockFacts[], q: LockQuestion): PeriodLockFacts | null {
  return locks.find((l) => lockCovers(l, q)) ?? null;
}
