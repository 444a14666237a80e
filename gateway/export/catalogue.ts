import type { ChannelList } from '../../lib/assistance-across.js';
import { CHANNEL_LISTS } from '../../subgraphs/channels.js';
import type { Cell } from './formats.js';

/**
 * Every export the hub serves at `GET /export/<name>.<csv|xlsx|jsonl>` (docs/export.md).
 *
 * - `graph` exports run a public GraphQL operation through this gateway as the caller, once per
 *   year of the range (once with `year: null` when none is given), and write its rows: what the
 *   caller may see is exactly what the graph shows them, masked by the same resolvers. Their
 *   answers are as large as the graph's own lists allow (a place's picture, a ranking, coverage,
 *   the national picture).
 * - `stream` exports are the long lists (a million contributions), read by the owning subgraph
 *   with a database cursor, each row through the graph's own read rules (lib/export.ts).
 */
/** An operation's answer, or a part of it: shaped by the export's own document. */
// biome-ignore lint/suspicious/noExplicitAny: the shape is the document's, read field by field
export type Answer = Record<string, any>;

export type PlaceRule = 'required' | 'optional' | 'none';

export interface GraphSheet {
  name: string;
  columns: string[];
  /** The rows of one year's answer (`data` as the operation gives it). */
  rows(data: Answer): Cell[][];
}

export interface GraphExport {
  kind: 'graph';
  name: string;
  place: PlaceRule;
  /** The operation needs a year (`from`/`to` required). */
  yearRequired: boolean;
  /** Takes `ancestors` (a place's picture). */
  ancestors?: boolean;
  /** Variables: $code (ID), $year (Int), $below and $above (Boolean!), $includeDemo (Boolean!). */
  query: string;
  sheets: GraphSheet[];
}

export interface StreamExport {
  kind: 'stream';
  name: string;
  place: PlaceRule;
  /** The subgraph that owns the rows, and its stream's name (its module's `streams`). */
  subgraph: string;
  stream: string;
}

export type Export = GraphExport | StreamExport;

const RECORD = '__typename id helper { id name } helped { code name } since until';
const ARGS = 'year: $year, includeDescendants: $below, includeAncestors: $above, includeDemo: $includeDemo';
const RECORD_COLUMNS = ['id', 'type', 'helperId', 'helperName', 'helpedCode', 'helpedName', 'since', 'until', 'demo'];
const recordRow = (r: Answer): Cell[] => [r.id, r.__typename, r.helper.id, r.helper.name, r.helped.code, r.helped.name, r.since, r.until ?? null, r.demo];

/** A channel's list of a place's records, each record with its `demo` flag (on each type it lists). */
const listSelection = (c: ChannelList) => `${c.field}(${ARGS}) { ${RECORD} ${c.kinds.map((k) => `... on ${k} { demo }`).join(' ')} }`;

const PLACE: GraphExport = {
  kind: 'graph',
  name: 'place',
  place: 'required',
  yearRequired: false,
  ancestors: true,
  query: `query ExportPlace($code: ID!, $year: Int, $below: Boolean!, $above: Boolean!, $includeDemo: Boolean!) {
  region(code: $code) {
    ${CHANNEL_LISTS.map(listSelection).join('\n    ')}
    workTeams(year: $year, includeDescendants: $below, includeDemo: $includeDemo) {
      id village { code name } senders { id name } since until firstSecretary(year: $year) { personName } demo
    }
  }
}`,
  sheets: [
    ...CHANNEL_LISTS.map(({ subgraph: sheet, field }) => ({
      name: sheet,
      columns: RECORD_COLUMNS,
      rows: (data: Answer) => ((data.region?.[field] ?? []) as Answer[]).map(recordRow),
    })),
    {
      // The county's own work: village work teams and their first secretaries (the local subgraph).
      name: 'local',
      columns: ['id', 'villageCode', 'villageName', 'senderIds', 'senderNames', 'since', 'until', 'firstSecretary', 'demo'],
      rows: (data: Answer) =>
        ((data.region?.workTeams ?? []) as Answer[]).map((t): Cell[] => [
          t.id,
          t.village.code,
          t.village.name,
          (t.senders as Answer[]).map((o) => o.id).join(';'),
          (t.senders as Answer[]).map((o) => o.name).join(';'),
          t.since,
          t.until ?? null,
          t.firstSecretary?.personName ?? null,
          t.demo,
        ]),
    },
  ],
};

const SASAC: GraphExport = {
  kind: 'graph',
  name: 'sasac-ranking',
  place: 'none',
  yearRequired: true,
  query: `query ExportSasacRanking($year: Int!, $includeDemo: Boolean!) {
  sasacRanking(year: $year, first: 1000, includeDemo: $includeDemo) {
    entries {
      rank group { id name demo } members
      total { contributions pledged committed disbursed verified }
      pledgeFulfilment counties villages
    }
  }
}`,
  sheets: [
    {
      name: 'sasac-ranking',
      columns: [
        'rank',
        'groupId',
        'groupName',
        'members',
        'contributions',
        'pledged',
        'committed',
        'disbursed',
        'verified',
        'pledgeFulfilment',
        'counties',
        'villages',
        'demo',
      ],
      rows: (data) =>
        (data.sasacRanking.entries as Answer[]).map((e) => [
          e.rank,
          e.group.id,
          e.group.name,
          e.members,
          e.total.contributions,
          e.total.pledged,
          e.total.committed,
          e.total.disbursed,
          e.total.verified,
          e.pledgeFulfilment ?? null,
          e.counties,
          e.villages,
          e.group.demo,
        ]),
    },
  ],
};

const COVERAGE_FIELDS: [sheet: string, field: string][] = [
  ['designated', 'designatedCoverageGaps'],
  ['eastwest', 'eastWestCoverageGaps'],
  ['military', 'militaryCoverageGaps'],
  ['parties', 'partyCoverageGaps'],
  ['enterprises', 'enterpriseCoverageGaps'],
];

const COVERAGE: GraphExport = {
  kind: 'graph',
  name: 'coverage',
  place: 'optional',
  yearRequired: true,
  query: `query ExportCoverage($code: ID, $year: Int!, $includeDemo: Boolean!) {
${COVERAGE_FIELDS.map(([, f]) => `  ${f}(year: $year, within: $code, includeDemo: $includeDemo) { candidateCount coveredCount gaps { code name poverty { exitYear demo } } }`).join('\n')}
}`,
  sheets: COVERAGE_FIELDS.map(([sheet, field]) => ({
    name: sheet,
    columns: ['code', 'name', 'exitYear', 'candidateCount', 'coveredCount', 'demo'],
    rows: (data) =>
      (data[field].gaps as Answer[]).map((g) => [
        g.code,
        g.name,
        g.poverty?.exitYear ?? null,
        data[field].candidateCount,
        data[field].coveredCount,
        g.poverty?.demo ?? false,
      ]),
  })),
};

const names = (list: { helper: { name: string } }[] | null) => (list ? list.map((r) => r.helper.name).join('、') : null);

/** The national picture (bench/operations.ts) for a year, as one row per poverty county. */
const NATIONAL: GraphExport = {
  kind: 'graph',
  name: 'national',
  place: 'optional',
  yearRequired: false,
  query: `query ExportNational($code: ID, $year: Int, $includeDemo: Boolean!) {
  regions(filter: { povertyCounty: true, within: $code }, first: 1000) {
    edges { node {
      code name poverty { exitYear demo }
      designatedAssistance(year: $year, includeDemo: $includeDemo) { helper { name } }
      eastWestPairings(year: $year, includeDemo: $includeDemo) { helper { name } }
      eastWestSummary(year: $year, includeDemo: $includeDemo) { asHelped { pairings fiscalAidDisbursed } }
      militaryAssistance(year: $year, includeDescendants: true, includeDemo: $includeDemo) { helper { name } }
      militarySummary(year: $year, includeDemo: $includeDemo) { assistanceCount totals { funds } }
      partyAssistance(year: $year, includeAncestors: true, includeDemo: $includeDemo) { helper { name } }
      enterpriseAssistance(year: $year, includeDemo: $includeDemo) { helper { name } }
      enterpriseSummary(year: $year, includeDescendants: false, includeDemo: $includeDemo) { compacts total { contributions disbursed } }
    } }
  }
}`,
  sheets: [
    {
      name: 'national',
      columns: [
        'code',
        'name',
        'exitYear',
        'designated',
        'eastwest',
        'eastWestPairings',
        'eastWestFiscalAidDisbursed',
        'military',
        'militaryRecords',
        'militaryFunds',
        'parties',
        'enterprises',
        'enterpriseCompacts',
        'enterpriseContributions',
        'enterpriseDisbursed',
        'demo',
      ],
      rows: (data) =>
        (data.regions.edges as { node: Answer }[]).map(({ node: n }) => [
          n.code,
          n.name,
          n.poverty?.exitYear ?? null,
          names(n.designatedAssistance),
          names(n.eastWestPairings),
          n.eastWestSummary?.asHelped?.pairings ?? null,
          n.eastWestSummary?.asHelped?.fiscalAidDisbursed ?? null,
          names(n.militaryAssistance),
          n.militarySummary?.assistanceCount ?? null,
          n.militarySummary?.totals?.funds ?? null,
          names(n.partyAssistance),
          names(n.enterpriseAssistance),
          n.enterpriseSummary?.compacts ?? null,
          n.enterpriseSummary?.total?.contributions ?? null,
          n.enterpriseSummary?.total?.disbursed ?? null,
          n.poverty?.demo ?? false,
        ]),
    },
  ],
};

/**
 * The designated cadres posted in a place: the identity number as the graph gives it to the
 * caller (null for anonymous callers, masked for most signed-in roles, whole for administrators
 * and the sending unit's editors).
 */
const CADRES: GraphExport = {
  kind: 'graph',
  name: 'cadres',
  place: 'required',
  yearRequired: false,
  ancestors: true,
  query: `query ExportCadres($code: ID!, $year: Int, $below: Boolean!, $above: Boolean!, $includeDemo: Boolean!) {
  region(code: $code) {
    cadres(${ARGS}) { id helper { id name } helped { code name } since until role personName identityNumber position status demo }
  }
}`,
  sheets: [
    {
      name: 'cadres',
      columns: [
        'id',
        'helperId',
        'helperName',
        'helpedCode',
        'helpedName',
        'since',
        'until',
        'role',
        'personName',
        'identityNumber',
        'position',
        'status',
        'demo',
      ],
      rows: (data) =>
        ((data.region?.cadres ?? []) as Answer[]).map((c) => [
          c.id,
          c.helper.id,
          c.helper.name,
          c.helped.code,
          c.helped.name,
          c.since,
          c.until ?? null,
          c.role,
          c.personName,
          c.identityNumber ?? null,
          c.position ?? null,
          c.status,
          c.demo,
        ]),
    },
  ],
};

const CONTRIBUTIONS: StreamExport = { kind: 'stream', name: 'contributions', place: 'optional', subgraph: 'enterprises', stream: 'contributions' };

export const EXPORTS: ReadonlyMap<string, Export> = new Map([PLACE, CADRES, SASAC, COVERAGE, NATIONAL, CONTRIBUTIONS].map((e) => [e.name, e]));
