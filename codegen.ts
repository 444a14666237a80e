import type { CodegenConfig } from '@graphql-codegen/cli';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Types from each subgraph's SDL (GraphQL Code Generator, federation-aware): one
 * `subgraphs/<name>/types.generated.ts` per subgraph, committed; `npm run codegen` writes them,
 * `npm run codegen:check` (and test/generated.test.ts) fails when they differ from the SDL.
 * The resolvers are typed with the generated `Resolvers`: their arguments come from the SDL, and
 * `mappers` say which row type a resolver returns for an object type (what the next resolver
 * receives as its parent), so renaming a field in the SDL fails `tsc` where it is resolved.
 */
const CHANNEL_MAPPERS = {
  Region: '{ code: string }',
  Organization: '{ id: string }',
};

/** Types every subgraph declares alike (lib/common.graphql). */
const COMMON_MAPPERS = {
  AuditEntryConnection: '../../lib/history.js#AuditTrailPage',
  ImportJob: '../../lib/import/jobs.js#ImportJob',
  ImportResult: '../../lib/import/run.js#ImportResult',
};

export const MAPPERS: Record<string, Record<string, string>> = {
  /** The channel template's (templates/channel): a new channel starts from a copy of these. */
  sample: {
    SampleRecord: './loaders.js#RecordRow',
    SampleRecordConnection: './loaders.js#RecordPage',
  },
  registry: {
    Region: './loaders.js#RegionRow',
    Organization: './loaders.js#OrganizationRow',
    FormerCode: './loaders.js#FormerCodeRow',
    PovertyListing: './loaders.js#PovertyListingRow',
    CodeLookup: './resolvers.js#CodeLookup',
    PovertySummary: './resolvers.js#PovertySummaryParent',
    RegionConnection: './loaders.js#RegionPage',
    OrganizationConnection: './loaders.js#OrganizationPage',
    CrossChannelCoverage: './coverage.js#CrossChannelCoverageOut',
    PlaceCoverage: './coverage.js#PlaceCoverageRow',
    PlaceCoverageConnection: './coverage.js#PlaceCoveragePage',
    AssistanceEntry: '../../lib/assistance-across.js#AssistanceEntry',
    AssistanceEntryConnection: './assistance.js#AssistanceEntryPage',
  },
  designated: {
    DesignatedAssistance: './loaders.js#PairingRow',
    DesignatedCadre: './loaders.js#CadreRow',
    DesignatedReport: './loaders.js#ReportRow',
    DesignatedMeasures: './domain.js#Measures',
    DesignatedCoverageGaps: '../../lib/coverage.js#CoverageGaps',
    DesignatedPlanActual: './resolvers.js#PlanActual',
    DesignatedProvinceTotals: './resolvers.js#ProvinceTotals',
    DesignatedAssistanceConnection: './loaders.js#PairingPage',
    DesignatedCadreConnection: './loaders.js#CadrePage',
  },
  eastwest: {
    EastWestPairing: './loaders.js#PairingRow',
    EastWestMeeting: './loaders.js#MeetingRow',
    EastWestFiscalAid: './loaders.js#FiscalAidRow',
    EastWestIndustrialProject: './loaders.js#IndustrialProjectRow',
    EastWestLabourCooperation: './loaders.js#LabourRow',
    EastWestTalentExchange: './loaders.js#TalentRow',
    EastWestProducePurchase: './loaders.js#ProduceRow',
    EastWestRecord: './corrections.js#VoidedRecord',
    EastWestSummary: './loaders.js#Summary',
    EastWestSuggestions: './resolvers.js#SuggestionsOut',
    EastWestPairingConnection: './loaders.js#PairingPage',
  },
  military: {
    MilitaryAssistance: './loaders.js#AssistanceRow',
    MilitaryProject: './loaders.js#ProjectRow',
    LeadingGroupMembership: './loaders.js#MembershipRow',
    MilitaryUnitProfile: './loaders.js#ProfileRow',
    MilitaryTotals: './resolvers.js#VisibleTotals',
    MilitarySummary: './resolvers.js#SummaryOut',
    MilitaryReport: './resolvers.js#ReportOut',
    MilitaryAssistanceConnection: './loaders.js#AssistancePage',
    LeadingGroupMembershipConnection: './loaders.js#MembershipPage',
  },
  parties: {
    Assistance: './loaders.js#AssistanceRow',
    SupervisionAssignment: './loaders.js#AssistanceRow',
    OwnAidCounty: './loaders.js#AssistanceRow',
    IntellectualAssistance: './loaders.js#AssistanceRow',
    SupervisionTrip: './loaders.js#TripRow',
    Recommendation: './loaders.js#RecommendationRow',
    SupervisionTripConnection: './loaders.js#TripPage',
    RecommendationConnection: './loaders.js#RecommendationPage',
    PartyAssistanceConnection: './loaders.js#AssistancePage',
    PartyYearReport: './resolvers.js#ReportOut',
  },
  enterprises: {
    VillageCompact: './loaders.js#AnyRecord',
    EnterpriseContribution: './loaders.js#AnyRecord',
    EnterpriseAssistanceConnection: './loaders.js#RecordPage',
    EnterpriseSummary: './summary.js#EnterpriseSummary',
    ContributionTotals: './summary.js#ContributionTotals',
    KindTotals: './summary.js#KindTotals',
    SasacRanking: './resolvers.js#Ranking',
    SasacRankingEntry: './resolvers.js#RankingEntry',
    AcficView: './resolvers.js#AcficParent',
    CampaignFigures: './resolvers.js#CampaignOut',
    ProvinceCampaignFigures: './resolvers.js#ProvinceOut',
    EnterpriseFigures: './resolvers.js#EnterpriseOut',
  },
  local: {
    WorkTeam: './loaders.js#TeamRow',
    WorkTeamMember: './loaders.js#MemberRow',
    DesignatedCadre: '{ id: string }',
    PoorHousehold: './loaders.js#HouseholdRow',
    Cadre: './loaders.js#CadreRow',
    PairingNorm: './loaders.js#NormRow',
    HouseholdPairing: './loaders.js#PairingRow',
    CadreShortfall: './loaders.js#ShortfallRow',
    HouseholdFigures: './resolvers.js#FiguresOut',
    LocalCoverage: './resolvers.js#CoverageOut',
    WorkTeamConnection: './loaders.js#TeamPage',
    PoorHouseholdConnection: './loaders.js#HouseholdPage',
    LeadingGroup: './governance-loaders.js#GroupRow',
    LeadingGroupSeat: './governance-loaders.js#SeatRow',
    PovertyOffice: './governance-loaders.js#GroupRow',
    ResponsibilityLetter: './governance-loaders.js#LetterRow',
    Assessment: './governance-loaders.js#AssessmentRow',
    CountySecretary: './governance-loaders.js#SecretaryRow',
    SecretaryRuleViolation: './governance-loaders.js#ViolationRow',
  },
};

/** Every folder of subgraphs/ with an SDL: each gets its `types.generated.ts`. */
export const SUBGRAPHS = readdirSync(fileURLToPath(new URL('./subgraphs/', import.meta.url)), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(fileURLToPath(new URL(`./subgraphs/${d.name}/schema.graphql`, import.meta.url))))
  .map((d) => d.name)
  .sort();

/** The channel template, generated and type-checked as a channel is. */
export const TEMPLATE = { folder: 'templates/channel', name: 'sample' };

/**
 * The types of one subgraph, generated from its SDL (`schema`: a copy of it elsewhere, as
 * test/unit/sdl-rename.test.ts checks a renamed one), the kit's fields beside it and
 * lib/common.graphql; `root`: the folder the paths are relative to.
 */
export function subgraphTypes(name: string, schema = `subgraphs/${name}/schema.graphql`, root = '.') {
  // The root fields the channel kit gives a channel (schema/channel-sdl.ts), beside its SDL.
  const kit = join(dirname(schema), 'channel.generated.graphql');
  return {
    schema: [schema, ...(existsSync(join(root, kit)) ? [kit] : []), 'lib/common.graphql'],
    plugins: [
      { add: { content: '// Generated by `npm run codegen` from schema.graphql, channel.generated.graphql and lib/common.graphql: do not edit.' } },
      'typescript',
      'typescript-resolvers',
    ],
    config: {
      federation: true,
      useTypeImports: true,
      useIndexSignature: false,
      enumsAsTypes: true,
      // An argument or input field with a default is always present when a resolver runs.
      avoidOptionals: { field: false, inputValue: false, object: false, defaultValue: true },
      contextType: './loaders.js#Context',
      mapperTypeSuffix: 'Mapper',
      scalars: { Money: 'string', Date: 'string', DateTime: 'string', Count: 'number', _FieldSet: 'string' },
      mappers: { ...COMMON_MAPPERS, ...(name === 'registry' ? MAPPERS.registry : { ...CHANNEL_MAPPERS, ...(MAPPERS[name] ?? {}) }) },
    },
  };
}

const config: CodegenConfig = {
  overwrite: true,
  generates: Object.fromEntries([
    ...SUBGRAPHS.map((name) => [`subgraphs/${name}/types.generated.ts`, subgraphTypes(name)]),
    [`${TEMPLATE.folder}/types.generated.ts`, subgraphTypes(TEMPLATE.name, `${TEMPLATE.folder}/schema.graphql`)],
  ]),
};

export default config;
