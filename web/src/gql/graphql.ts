/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Stage of an amount of money: stages are kept apart and never added together. */
export type AidStage =
  /** Committed in a budget or agreement (落实). */
  | 'COMMITTED'
  /** Actually paid out (到位/拨付). */
  | 'DISBURSED'
  /** Promised (承诺). */
  | 'PLEDGED';

/** What a cadre is sent to do: a deputy county head in the county, or a first secretary or work-team member in a village. */
export type DesignatedCadreRole =
  /** 挂职副县长, posted to the county. */
  | 'DEPUTY_COUNTY_HEAD'
  /** 驻村第一书记, posted to a village. */
  | 'FIRST_SECRETARY'
  /** 驻村工作队员, posted to a village. */
  | 'WORK_TEAM_MEMBER';

/** A posting's status today. */
export type DesignatedCadreStatus =
  /** The posting ran its term. */
  | 'ENDED'
  /** Starts after today. */
  | 'PLANNED'
  /** Recalled before or at the end of the term, with a reason. */
  | 'RECALLED'
  /** In post today. */
  | 'SERVING';

/** A file to import: its name (the extension says CSV or XLSX) and its bytes, base64. Files over the gateway's body limit go to `POST /import/<kind>`. */
export type ImportFileInput = {
  base64: string;
  name: string;
};

/** How an import commits (docs/import.md). */
export type ImportMode =
  /** Any refused row and nothing changes (default). */
  | 'ALL'
  /** The valid rows are written; the refused ones are listed. */
  | 'VALID_ROWS';

/** Where an import is. */
export type ImportState =
  | 'DONE'
  | 'FAILED'
  | 'RUNNING';

export type OrganizationKind =
  /** 武警部队 */
  | 'ARMED_POLICE_UNIT'
  /** 中央党政机关 */
  | 'CENTRAL_PARTY_STATE_ORGAN'
  /** 中央企业 (supervised by SASAC) */
  | 'CENTRAL_SOE'
  /** 集体企业 */
  | 'COLLECTIVE_ENTERPRISE'
  /** 民主党派 */
  | 'DEMOCRATIC_PARTY'
  /** 金融机构 */
  | 'FINANCIAL_INSTITUTION'
  /** 外资企业 */
  | 'FOREIGN_INVESTED_ENTERPRISE'
  /** 个人 */
  | 'INDIVIDUAL'
  /** 工商联 */
  | 'INDUSTRY_AND_COMMERCE_FEDERATION'
  /** 地方人民政府 */
  | 'LOCAL_GOVERNMENT'
  /** 地方党政机关 */
  | 'LOCAL_PARTY_STATE_ORGAN'
  /** 地方国有企业 */
  | 'LOCAL_SOE'
  /** 军分区 */
  | 'MILITARY_SUBDISTRICT'
  /** 其他军队单位 */
  | 'MILITARY_UNIT'
  /** 人民武装部 */
  | 'PEOPLES_ARMED_FORCES_DEPARTMENT'
  /** 民营企业 */
  | 'PRIVATE_ENTERPRISE'
  /** 省军区 */
  | 'PROVINCIAL_MILITARY_DISTRICT'
  /** 社会组织 */
  | 'SOCIAL_ORGANIZATION'
  /** 高校 */
  | 'UNIVERSITY';

export type RegionLevel =
  | 'COUNTY'
  | 'PREFECTURE'
  | 'PROVINCE'
  | 'TOWNSHIP'
  | 'VILLAGE';

/** Direction of a talent exchange. */
export type TalentDirection =
  /** Eastern people working in the west (挂职, 支教, 支医). */
  | 'EAST_TO_WEST'
  /** Western people trained or working in the east. */
  | 'WEST_TO_EAST';

export type CoverageQueryVariables = Exact<{
  year: number;
}>;


export type CoverageQuery = { regions: { totalCount: number, edges: Array<{ node: { code: string, name: string, ancestors: Array<{ code: string, name: string }>, poverty: { exitYear: number | null } | null } }> }, designatedCoverageGaps: { candidateCount: number, coveredCount: number, gaps: Array<{ code: string }> }, eastWestCoverageGaps: { gaps: Array<{ code: string }> }, militaryCoverageGaps: { gaps: Array<{ code: string }> }, partyCoverageGaps: { gaps: Array<{ code: string }> }, enterpriseCoverageGaps: { gaps: Array<{ code: string }> } };

export type EastWestOfficeProvincesQueryVariables = Exact<{ [key: string]: never; }>;


export type EastWestOfficeProvincesQuery = { regions: { edges: Array<{ node: { code: string, name: string } }> } };

export type EastWestSuggestionsQueryVariables = Exact<{
  province: string | number;
  year: number;
}>;


export type EastWestSuggestionsQuery = { eastWestSuggestions: { year: number, suggestions: Array<{ id: string, score: number, demoPoints: number, helperRegistered: boolean, helped: { code: string, name: string }, helperRegion: { code: string, name: string }, breakdown: Array<{ factor: string, points: number, demoPoints: number, reason: string }> }>, unmatched: Array<{ code: string, name: string }> } };

export type AcceptEastWestSuggestionMutationVariables = Exact<{
  id: string | number;
}>;


export type AcceptEastWestSuggestionMutation = { acceptEastWestSuggestion: { id: string, helper: { name: string }, helped: { code: string, name: string } } };

export type EastWestFlowsQueryVariables = Exact<{
  year: number;
}>;


export type EastWestFlowsQuery = { regions: { edges: Array<{ node: { code: string, name: string, eastWestPairings: Array<{ demo: boolean, helped: { code: string, name: string, level: RegionLevel, ancestors: Array<{ code: string, name: string, level: RegionLevel }> }, helperRegion: { code: string, name: string, level: RegionLevel, ancestors: Array<{ code: string, name: string, level: RegionLevel }> }, fiscalAid: Array<{ stage: AidStage, amount: string }>, labourCooperation: Array<{ workersPlaced: number, poorWorkersPlaced: number }>, talentExchanges: Array<{ direction: TalentDirection, persons: number }>, producePurchases: Array<{ amount: string }> }> | null } }> } };

export type HelperQueryVariables = Exact<{
  id: string | number;
  year?: number | null | undefined;
}>;


export type HelperQuery = { organization: { id: string, name: string, kind: OrganizationKind, demo: boolean, homeRegion: { code: string, name: string } | null, parent: { id: string, name: string, kind: OrganizationKind } | null, children: { totalCount: number, edges: Array<{ node: { id: string, name: string, kind: OrganizationKind } }> }, designatedAssistance: Array<{ __typename: 'DesignatedAssistance', id: string, since: string, until: string | null, demo: boolean, helped: { code: string, name: string } }> | null, eastWestPairings: Array<{ __typename: 'EastWestPairing', id: string, since: string, until: string | null, demo: boolean, helped: { code: string, name: string }, fiscalAid: Array<{ stage: AidStage, amount: string }> }> | null, militaryAssistance: Array<{ __typename: 'MilitaryAssistance', id: string, since: string, until: string | null, demo: boolean, helped: { code: string, name: string } }> | null, partyAssistance: Array<
      | { __typename: 'DesignatedAssistance', id: string, since: string, until: string | null, helped: { code: string, name: string } }
      | { __typename: 'DesignatedCadre', id: string, since: string, until: string | null, helped: { code: string, name: string } }
      | { __typename: 'EastWestPairing', id: string, since: string, until: string | null, helped: { code: string, name: string } }
      | { __typename: 'EnterpriseContribution', id: string, since: string, until: string | null, helped: { code: string, name: string } }
      | { __typename: 'IntellectualAssistance', demo: boolean, id: string, since: string, until: string | null, helped: { code: string, name: string } }
      | { __typename: 'MilitaryAssistance', id: string, since: string, until: string | null, helped: { code: string, name: string } }
      | { __typename: 'OwnAidCounty', demo: boolean, id: string, since: string, until: string | null, helped: { code: string, name: string } }
      | { __typename: 'SupervisionAssignment', demo: boolean, id: string, since: string, until: string | null, helped: { code: string, name: string } }
      | { __typename: 'VillageCompact', id: string, since: string, until: string | null, helped: { code: string, name: string } }
    > | null, enterpriseAssistance: Array<
      | { __typename: 'EnterpriseContribution', id: string, since: string, until: string | null, demo: boolean, helped: { code: string, name: string } }
      | { __typename: 'VillageCompact', id: string, since: string, until: string | null, demo: boolean, helped: { code: string, name: string } }
    > | null, enterpriseSummary: { compacts: number, villages: number, total: { contributions: number, pledged: string, committed: string, disbursed: string, verified: string }, demo: { total: { contributions: number, pledged: string, committed: string, disbursed: string, verified: string } } | null } | null, cadres: Array<{ id: string, personName: string, role: DesignatedCadreRole, since: string, until: string | null, status: DesignatedCadreStatus, demo: boolean, helped: { code: string, name: string } }> | null, workTeams: Array<{ id: string, since: string, until: string | null, demo: boolean, village: { code: string, name: string } }> | null } | null };

export type HelperSearchQueryVariables = Exact<{
  name: string;
}>;


export type HelperSearchQuery = { organizations: { edges: Array<{ node: { id: string, name: string, kind: OrganizationKind, homeRegion: { code: string, name: string } | null } }> } };

export type ImportJobStateFragment = { id: string, kind: string, state: ImportState, rowsDone: number, rows: number, error: string | null };

export type ImportResultPartsFragment = { file: string, format: string | null, encoding: string | null, dryRun: boolean, mode: ImportMode, committed: boolean, rows: number, created: number, updated: number, unchanged: number, refused: number, fileError: { column: string | null, rule: string, message: string } | null, refusals: Array<{ row: number | null, column: string | null, rule: string, message: string }> };

export type StartEastWestImportMutationVariables = Exact<{
  kind: string;
  file: ImportFileInput;
  dryRun?: boolean | null | undefined;
  mode?: ImportMode | null | undefined;
}>;


export type StartEastWestImportMutation = { job: { id: string, kind: string, state: ImportState, rowsDone: number, rows: number, error: string | null } };

export type ReadEastWestImportQueryVariables = Exact<{
  id: string | number;
  offset?: number | null | undefined;
  first?: number | null | undefined;
}>;


export type ReadEastWestImportQuery = { job: { id: string, kind: string, state: ImportState, rowsDone: number, rows: number, error: string | null, result: { file: string, format: string | null, encoding: string | null, dryRun: boolean, mode: ImportMode, committed: boolean, rows: number, created: number, updated: number, unchanged: number, refused: number, rowOutcomes: Array<{ row: number, status: string }>, fileError: { column: string | null, rule: string, message: string } | null, refusals: Array<{ row: number | null, column: string | null, rule: string, message: string }> } | null } | null };

export type StartEnterpriseImportMutationVariables = Exact<{
  kind: string;
  file: ImportFileInput;
  dryRun?: boolean | null | undefined;
  mode?: ImportMode | null | undefined;
}>;


export type StartEnterpriseImportMutation = { job: { id: string, kind: string, state: ImportState, rowsDone: number, rows: number, error: string | null } };

export type ReadEnterpriseImportQueryVariables = Exact<{
  id: string | number;
  offset?: number | null | undefined;
  first?: number | null | undefined;
}>;


export type ReadEnterpriseImportQuery = { job: { id: string, kind: string, state: ImportState, rowsDone: number, rows: number, error: string | null, result: { file: string, format: string | null, encoding: string | null, dryRun: boolean, mode: ImportMode, committed: boolean, rows: number, created: number, updated: number, unchanged: number, refused: number, rowOutcomes: Array<{ row: number, status: string }>, fileError: { column: string | null, rule: string, message: string } | null, refusals: Array<{ row: number | null, column: string | null, rule: string, message: string }> } | null } | null };

export type StartRegistryImportMutationVariables = Exact<{
  kind: string;
  file: ImportFileInput;
  dryRun?: boolean | null | undefined;
  mode?: ImportMode | null | undefined;
}>;


export type StartRegistryImportMutation = { job: { id: string, kind: string, state: ImportState, rowsDone: number, rows: number, error: string | null } };

export type ReadRegistryImportQueryVariables = Exact<{
  id: string | number;
  offset?: number | null | undefined;
  first?: number | null | undefined;
}>;


export type ReadRegistryImportQuery = { job: { id: string, kind: string, state: ImportState, rowsDone: number, rows: number, error: string | null, result: { file: string, format: string | null, encoding: string | null, dryRun: boolean, mode: ImportMode, committed: boolean, rows: number, created: number, updated: number, unchanged: number, refused: number, rowOutcomes: Array<{ row: number, status: string }>, fileError: { column: string | null, rule: string, message: string } | null, refusals: Array<{ row: number | null, column: string | null, rule: string, message: string }> } | null } | null };

export type PlaceQueryVariables = Exact<{
  code: string | number;
  year?: number | null | undefined;
  below: boolean;
  localYear: number;
}>;


export type PlaceQuery = { region: { code: string, name: string, level: RegionLevel, poverty: { designated: boolean, exitYear: number | null, demo: boolean } | null, ancestors: Array<{ code: string, name: string }>, children: { totalCount: number, edges: Array<{ node: { code: string, name: string } }> }, formerCodes: Array<{ code: string, name: string }>, designatedAssistance: Array<{ __typename: 'DesignatedAssistance', id: string, since: string, until: string | null, demo: boolean, helper: { id: string, name: string }, helped: { code: string, name: string } }> | null, eastWestPairings: Array<{ __typename: 'EastWestPairing', id: string, since: string, until: string | null, demo: boolean, helper: { id: string, name: string }, helped: { code: string, name: string } }> | null, militaryAssistance: Array<{ __typename: 'MilitaryAssistance', id: string, since: string, until: string | null, demo: boolean, helper: { id: string, name: string }, helped: { code: string, name: string } }> | null, partyAssistance: Array<
      | { __typename: 'DesignatedAssistance', id: string, since: string, until: string | null, helper: { id: string, name: string }, helped: { code: string, name: string } }
      | { __typename: 'DesignatedCadre', id: string, since: string, until: string | null, helper: { id: string, name: string }, helped: { code: string, name: string } }
      | { __typename: 'EastWestPairing', id: string, since: string, until: string | null, helper: { id: string, name: string }, helped: { code: string, name: string } }
      | { __typename: 'EnterpriseContribution', id: string, since: string, until: string | null, helper: { id: string, name: string }, helped: { code: string, name: string } }
      | { __typename: 'IntellectualAssistance', demo: boolean, id: string, since: string, until: string | null, helper: { id: string, name: string }, helped: { code: string, name: string } }
      | { __typename: 'MilitaryAssistance', id: string, since: string, until: string | null, helper: { id: string, name: string }, helped: { code: string, name: string } }
      | { __typename: 'OwnAidCounty', demo: boolean, id: string, since: string, until: string | null, helper: { id: string, name: string }, helped: { code: string, name: string } }
      | { __typename: 'SupervisionAssignment', demo: boolean, id: string, since: string, until: string | null, helper: { id: string, name: string }, helped: { code: string, name: string } }
      | { __typename: 'VillageCompact', id: string, since: string, until: string | null, helper: { id: string, name: string }, helped: { code: string, name: string } }
    > | null, enterpriseAssistance: Array<
      | { __typename: 'EnterpriseContribution', id: string, since: string, until: string | null, demo: boolean, helper: { id: string, name: string }, helped: { code: string, name: string } }
      | { __typename: 'VillageCompact', id: string, since: string, until: string | null, demo: boolean, helper: { id: string, name: string }, helped: { code: string, name: string } }
    > | null, localCoverage: { poorVillages: number, withFirstSecretary: number, withWorkTeam: number, households: number, householdsWithHelper: number, demo: { poorVillages: number, withFirstSecretary: number, withWorkTeam: number, households: number, householdsWithHelper: number } | null } | null, households: { count: number, people: number, demo: { count: number, people: number } | null } | null, workTeams: Array<{ id: string, since: string, until: string | null, demo: boolean, village: { code: string, name: string }, senders: Array<{ id: string, name: string }> }> | null } | null };

export type PlaceSearchQueryVariables = Exact<{
  code: string | number;
  name: string;
  isCode: boolean;
}>;


export type PlaceSearchQuery = { byCode?: { code: string, name: string, level: RegionLevel, ancestors: Array<{ code: string, name: string }> } | null, byName?: { totalCount: number, edges: Array<{ node: { code: string, name: string, level: RegionLevel, ancestors: Array<{ code: string, name: string }> } }> } };

export type SasacRankingQueryVariables = Exact<{
  year: number;
}>;


export type SasacRankingQuery = { sasacRanking: { year: number, entries: Array<{ rank: number, members: number, pledgeFulfilment: string | null, counties: number, villages: number, group: { id: string, name: string, demo: boolean }, total: { contributions: number, pledged: string, disbursed: string } }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const ImportJobStateFragmentDoc = new TypedDocumentString(`
    fragment ImportJobState on ImportJob {
  id
  kind
  state
  rowsDone
  rows
  error
}
    `, {"fragmentName":"ImportJobState"}) as unknown as TypedDocumentString<ImportJobStateFragment, unknown>;
export const ImportResultPartsFragmentDoc = new TypedDocumentString(`
    fragment ImportResultParts on ImportResult {
  file
  format
  encoding
  dryRun
  mode
  committed
  rows
  created
  updated
  unchanged
  refused
  fileError {
    column
    rule
    message
  }
  refusals {
    row
    column
    rule
    message
  }
}
    `, {"fragmentName":"ImportResultParts"}) as unknown as TypedDocumentString<ImportResultPartsFragment, unknown>;
export const CoverageDocument = new TypedDocumentString(`
    query Coverage($year: Int!) {
  regions(filter: {povertyCounty: true}, first: 1000) {
    totalCount
    edges {
      node {
        code
        name
        ancestors {
          code
          name
        }
        poverty {
          exitYear
        }
      }
    }
  }
  designatedCoverageGaps(year: $year) {
    candidateCount
    coveredCount
    gaps {
      code
    }
  }
  eastWestCoverageGaps(year: $year) {
    gaps {
      code
    }
  }
  militaryCoverageGaps(year: $year) {
    gaps {
      code
    }
  }
  partyCoverageGaps(year: $year) {
    gaps {
      code
    }
  }
  enterpriseCoverageGaps(year: $year) {
    gaps {
      code
    }
  }
}
    `) as unknown as TypedDocumentString<CoverageQuery, CoverageQueryVariables>;
export const EastWestOfficeProvincesDocument = new TypedDocumentString(`
    query EastWestOfficeProvinces {
  regions(filter: {level: PROVINCE, zone: WEST}, first: 100) {
    edges {
      node {
        code
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<EastWestOfficeProvincesQuery, EastWestOfficeProvincesQueryVariables>;
export const EastWestSuggestionsDocument = new TypedDocumentString(`
    query EastWestSuggestions($province: ID!, $year: Int!) {
  eastWestSuggestions(helpedProvince: $province, year: $year) {
    year
    suggestions {
      id
      score
      demoPoints
      helperRegistered
      helped {
        code
        name
      }
      helperRegion {
        code
        name
      }
      breakdown {
        factor
        points
        demoPoints
        reason
      }
    }
    unmatched {
      code
      name
    }
  }
}
    `) as unknown as TypedDocumentString<EastWestSuggestionsQuery, EastWestSuggestionsQueryVariables>;
export const AcceptEastWestSuggestionDocument = new TypedDocumentString(`
    mutation AcceptEastWestSuggestion($id: ID!) {
  acceptEastWestSuggestion(input: {suggestionId: $id}) {
    id
    helper {
      name
    }
    helped {
      code
      name
    }
  }
}
    `) as unknown as TypedDocumentString<AcceptEastWestSuggestionMutation, AcceptEastWestSuggestionMutationVariables>;
export const EastWestFlowsDocument = new TypedDocumentString(`
    query EastWestFlows($year: Int!) {
  regions(filter: {level: PROVINCE, zone: WEST}, first: 100) {
    edges {
      node {
        code
        name
        eastWestPairings(year: $year, includeDescendants: true) {
          demo
          helped {
            code
            name
            level
            ancestors {
              code
              name
              level
            }
          }
          helperRegion {
            code
            name
            level
            ancestors {
              code
              name
              level
            }
          }
          fiscalAid(year: $year) {
            stage
            amount
          }
          labourCooperation(year: $year) {
            workersPlaced
            poorWorkersPlaced
          }
          talentExchanges(year: $year) {
            direction
            persons
          }
          producePurchases(year: $year) {
            amount
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<EastWestFlowsQuery, EastWestFlowsQueryVariables>;
export const HelperDocument = new TypedDocumentString(`
    query Helper($id: ID!, $year: Int) {
  organization(id: $id) {
    id
    name
    kind
    demo
    homeRegion {
      code
      name
    }
    parent {
      id
      name
      kind
    }
    children(first: 100) {
      totalCount
      edges {
        node {
          id
          name
          kind
        }
      }
    }
    designatedAssistance(year: $year) {
      __typename
      id
      helped {
        code
        name
      }
      since
      until
      demo
    }
    eastWestPairings(year: $year) {
      __typename
      id
      helped {
        code
        name
      }
      since
      until
      demo
      fiscalAid(year: $year) {
        stage
        amount
      }
    }
    militaryAssistance(year: $year) {
      __typename
      id
      helped {
        code
        name
      }
      since
      until
      demo
    }
    partyAssistance(year: $year) {
      __typename
      id
      helped {
        code
        name
      }
      since
      until
      ... on SupervisionAssignment {
        demo
      }
      ... on OwnAidCounty {
        demo
      }
      ... on IntellectualAssistance {
        demo
      }
    }
    enterpriseAssistance(year: $year, includeSubsidiaries: true) {
      __typename
      id
      helped {
        code
        name
      }
      since
      until
      demo
    }
    enterpriseSummary(year: $year, includeSubsidiaries: true) {
      compacts
      villages
      total {
        contributions
        pledged
        committed
        disbursed
        verified
      }
      demo {
        total {
          contributions
          pledged
          committed
          disbursed
          verified
        }
      }
    }
    cadres(year: $year) {
      id
      personName
      role
      helped {
        code
        name
      }
      since
      until
      status
      demo
    }
    workTeams(year: $year) {
      id
      village {
        code
        name
      }
      since
      until
      demo
    }
  }
}
    `) as unknown as TypedDocumentString<HelperQuery, HelperQueryVariables>;
export const HelperSearchDocument = new TypedDocumentString(`
    query HelperSearch($name: String!) {
  organizations(filter: {nameContains: $name}, first: 50) {
    edges {
      node {
        id
        name
        kind
        homeRegion {
          code
          name
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<HelperSearchQuery, HelperSearchQueryVariables>;
export const StartEastWestImportDocument = new TypedDocumentString(`
    mutation StartEastWestImport($kind: String!, $file: ImportFileInput!, $dryRun: Boolean, $mode: ImportMode) {
  job: startEastWestImport(kind: $kind, file: $file, dryRun: $dryRun, mode: $mode) {
    ...ImportJobState
  }
}
    fragment ImportJobState on ImportJob {
  id
  kind
  state
  rowsDone
  rows
  error
}`) as unknown as TypedDocumentString<StartEastWestImportMutation, StartEastWestImportMutationVariables>;
export const ReadEastWestImportDocument = new TypedDocumentString(`
    query ReadEastWestImport($id: ID!, $offset: Int, $first: Int) {
  job: eastWestImport(id: $id) {
    ...ImportJobState
    result {
      ...ImportResultParts
      rowOutcomes(offset: $offset, first: $first) {
        row
        status
      }
    }
  }
}
    fragment ImportJobState on ImportJob {
  id
  kind
  state
  rowsDone
  rows
  error
}
fragment ImportResultParts on ImportResult {
  file
  format
  encoding
  dryRun
  mode
  committed
  rows
  created
  updated
  unchanged
  refused
  fileError {
    column
    rule
    message
  }
  refusals {
    row
    column
    rule
    message
  }
}`) as unknown as TypedDocumentString<ReadEastWestImportQuery, ReadEastWestImportQueryVariables>;
export const StartEnterpriseImportDocument = new TypedDocumentString(`
    mutation StartEnterpriseImport($kind: String!, $file: ImportFileInput!, $dryRun: Boolean, $mode: ImportMode) {
  job: startEnterpriseImport(
    kind: $kind
    file: $file
    dryRun: $dryRun
    mode: $mode
  ) {
    ...ImportJobState
  }
}
    fragment ImportJobState on ImportJob {
  id
  kind
  state
  rowsDone
  rows
  error
}`) as unknown as TypedDocumentString<StartEnterpriseImportMutation, StartEnterpriseImportMutationVariables>;
export const ReadEnterpriseImportDocument = new TypedDocumentString(`
    query ReadEnterpriseImport($id: ID!, $offset: Int, $first: Int) {
  job: enterpriseImport(id: $id) {
    ...ImportJobState
    result {
      ...ImportResultParts
      rowOutcomes(offset: $offset, first: $first) {
        row
        status
      }
    }
  }
}
    fragment ImportJobState on ImportJob {
  id
  kind
  state
  rowsDone
  rows
  error
}
fragment ImportResultParts on ImportResult {
  file
  format
  encoding
  dryRun
  mode
  committed
  rows
  created
  updated
  unchanged
  refused
  fileError {
    column
    rule
    message
  }
  refusals {
    row
    column
    rule
    message
  }
}`) as unknown as TypedDocumentString<ReadEnterpriseImportQuery, ReadEnterpriseImportQueryVariables>;
export const StartRegistryImportDocument = new TypedDocumentString(`
    mutation StartRegistryImport($kind: String!, $file: ImportFileInput!, $dryRun: Boolean, $mode: ImportMode) {
  job: startRegistryImport(kind: $kind, file: $file, dryRun: $dryRun, mode: $mode) {
    ...ImportJobState
  }
}
    fragment ImportJobState on ImportJob {
  id
  kind
  state
  rowsDone
  rows
  error
}`) as unknown as TypedDocumentString<StartRegistryImportMutation, StartRegistryImportMutationVariables>;
export const ReadRegistryImportDocument = new TypedDocumentString(`
    query ReadRegistryImport($id: ID!, $offset: Int, $first: Int) {
  job: registryImport(id: $id) {
    ...ImportJobState
    result {
      ...ImportResultParts
      rowOutcomes(offset: $offset, first: $first) {
        row
        status
      }
    }
  }
}
    fragment ImportJobState on ImportJob {
  id
  kind
  state
  rowsDone
  rows
  error
}
fragment ImportResultParts on ImportResult {
  file
  format
  encoding
  dryRun
  mode
  committed
  rows
  created
  updated
  unchanged
  refused
  fileError {
    column
    rule
    message
  }
  refusals {
    row
    column
    rule
    message
  }
}`) as unknown as TypedDocumentString<ReadRegistryImportQuery, ReadRegistryImportQueryVariables>;
export const PlaceDocument = new TypedDocumentString(`
    query Place($code: ID!, $year: Int, $below: Boolean!, $localYear: Int!) {
  region(code: $code) {
    code
    name
    level
    poverty {
      designated
      exitYear
      demo
    }
    ancestors {
      code
      name
    }
    children(first: 200) {
      totalCount
      edges {
        node {
          code
          name
        }
      }
    }
    formerCodes {
      code
      name
    }
    designatedAssistance(
      year: $year
      includeAncestors: true
      includeDescendants: $below
    ) {
      __typename
      id
      helper {
        id
        name
      }
      helped {
        code
        name
      }
      since
      until
      demo
    }
    eastWestPairings(
      year: $year
      includeAncestors: true
      includeDescendants: $below
    ) {
      __typename
      id
      helper {
        id
        name
      }
      helped {
        code
        name
      }
      since
      until
      demo
    }
    militaryAssistance(
      year: $year
      includeAncestors: true
      includeDescendants: $below
    ) {
      __typename
      id
      helper {
        id
        name
      }
      helped {
        code
        name
      }
      since
      until
      demo
    }
    partyAssistance(year: $year, includeAncestors: true, includeDescendants: $below) {
      __typename
      id
      helper {
        id
        name
      }
      helped {
        code
        name
      }
      since
      until
      ... on SupervisionAssignment {
        demo
      }
      ... on OwnAidCounty {
        demo
      }
      ... on IntellectualAssistance {
        demo
      }
    }
    enterpriseAssistance(
      year: $year
      includeAncestors: true
      includeDescendants: $below
    ) {
      __typename
      id
      helper {
        id
        name
      }
      helped {
        code
        name
      }
      since
      until
      demo
    }
    localCoverage(year: $localYear) {
      poorVillages
      withFirstSecretary
      withWorkTeam
      households
      householdsWithHelper
      demo {
        poorVillages
        withFirstSecretary
        withWorkTeam
        households
        householdsWithHelper
      }
    }
    households(year: $localYear) {
      count
      people
      demo {
        count
        people
      }
    }
    workTeams(year: $year, includeDescendants: $below) {
      id
      village {
        code
        name
      }
      senders {
        id
        name
      }
      since
      until
      demo
    }
  }
}
    `) as unknown as TypedDocumentString<PlaceQuery, PlaceQueryVariables>;
export const PlaceSearchDocument = new TypedDocumentString(`
    query PlaceSearch($code: ID!, $name: String!, $isCode: Boolean!) {
  byCode: region(code: $code) @include(if: $isCode) {
    code
    name
    level
    ancestors {
      code
      name
    }
  }
  byName: regions(filter: {nameContains: $name}, first: 30) @skip(if: $isCode) {
    totalCount
    edges {
      node {
        code
        name
        level
        ancestors {
          code
          name
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PlaceSearchQuery, PlaceSearchQueryVariables>;
export const SasacRankingDocument = new TypedDocumentString(`
    query SasacRanking($year: Int!) {
  sasacRanking(year: $year, first: 1000) {
    year
    entries {
      rank
      group {
        id
        name
        demo
      }
      members
      total {
        contributions
        pledged
        disbursed
      }
      pledgeFulfilment
      counties
      villages
    }
  }
}
    `) as unknown as TypedDocumentString<SasacRankingQuery, SasacRankingQueryVariables>;