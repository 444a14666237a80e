import type { ChannelFace } from '../lib/channel.js';
import type { ChannelList } from '../lib/assistance-across.js';
import type { MoneySource } from '../lib/totals-across.js';
import { designated } from './designated/channel.js';
import { eastwest } from './eastwest/channel.js';
import { enterprises } from './enterprises/channel.js';
import { local } from './local/channel.js';
import { military } from './military/channel.js';
import { parties } from './parties/channel.js';

/**
 * The channels, in `Channel` order (lib/common.graphql), each as its `channel.ts` declares it:
 * what the registry's cross-channel views (coverage, lists, totals), the export and a referring
 * channel ask of each. Adding a channel to the views is adding its declaration here.
 */
export const CHANNELS: readonly (ChannelFace & { channel: NonNullable<ChannelFace['channel']> })[] = [designated, eastwest, military, parties, enterprises].map(
  (c) => ({ ...c.face, channel: c.channel! }),
);

/** The county's own work (village work teams): reported beside the channels, not one of them. */
export const WORK_TEAMS: ChannelFace = local.face;

/** The channels' lists of a place's or a helper's records, for the cross-channel list and the export. */
export const CHANNEL_LISTS: readonly ChannelList[] = CHANNELS.flatMap((c) => (c.list ? [{ channel: c.channel, subgraph: c.subgraph, ...c.list }] : []));

/** The channels that record money, and how each is asked. */
export const MONEY_SOURCES: readonly MoneySource[] = CHANNELS.flatMap((c) => (c.money ? [c.money] : []));
