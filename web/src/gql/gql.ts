/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query Coverage($year: Int!) {\n  regions(filter: { povertyCounty: true }, first: 1000) {\n    totalCount\n    edges { node { code name ancestors { code name } poverty { exitYear } } }\n  }\n  designatedCoverageGaps(year: $year) { candidateCount coveredCount gaps { code } }\n  eastWestCoverageGaps(year: $year) { gaps { code } }\n  militaryCoverageGaps(year: $year) { gaps { code } }\n  partyCoverageGaps(year: $year) { gaps { code } }\n  enterpriseCoverageGaps(year: $year) { gaps { code } }\n}": typeof types.CoverageDocument,
    "query EastWestOfficeProvinces {\n  regions(filter: { level: PROVINCE, zone: WEST }, first: 100) { edges { node { code name } } }\n}": typeof types.EastWestOfficeProvincesDocument,
    "query EastWestSuggestions($province: ID!, $year: Int!) {\n  eastWestSuggestions(helpedProvince: $province, year: $year) {\n    year\n    suggestions {\n      id score demoPoints helperRegistered\n      helped { code name }\n      helperRegion { code name }\n      breakdown { factor points demoPoints reason }\n    }\n    unmatched { code name }\n  }\n}": typeof types.EastWestSuggestionsDocument,
    "mutation AcceptEastWestSuggestion($id: ID!) {\n  acceptEastWestSuggestion(input: { suggestionId: $id }) { id helper { name } helped { code name } }\n}": typeof types.AcceptEastWestSuggestionDocument,
    "query EastWestFlows($year: Int!) {\n  regions(filter: { level: PROVINCE, zone: WEST }, first: 100) {\n    edges { node {\n      code name\n      eastWestPairings(year: $year, includeDescendants: true) {\n        demo\n        helperRegion { code name ancestors { code name } }\n        fiscalAid(year: $year) { stage amount }\n      }\n    } }\n  }\n}": typeof types.EastWestFlowsDocument,
    "query Helper($id: ID!, $year: Int) {\n  organization(id: $id) {\n    id name kind demo\n    homeRegion { code name }\n    parent { id name kind }\n    children(first: 100) { totalCount edges { node { id name kind } } }\n    designatedAssistance(year: $year) { __typename id helped { code name } since until demo }\n    eastWestPairings(year: $year) { __typename id helped { code name } since until demo }\n    militaryAssistance(year: $year) { __typename id helped { code name } since until demo }\n    partyAssistance(year: $year) {\n      __typename id helped { code name } since until\n      ... on SupervisionAssignment { demo } ... on OwnAidCounty { demo } ... on IntellectualAssistance { demo }\n    }\n    enterpriseAssistance(year: $year, includeSubsidiaries: true) { __typename id helped { code name } since until demo }\n  }\n}": typeof types.HelperDocument,
    "query HelperSearch($name: String!) {\n  organizations(filter: { nameContains: $name }, first: 50) { edges { node { id name kind homeRegion { code name } } } }\n}": typeof types.HelperSearchDocument,
    "fragment ImportJobState on ImportJob { id kind state rowsDone rows error }": typeof types.ImportJobStateFragmentDoc,
    "fragment ImportResultParts on ImportResult {\n  file format encoding dryRun mode committed rows created updated unchanged refused\n  fileError { column rule message }\n  refusals { row column rule message }\n}": typeof types.ImportResultPartsFragmentDoc,
    "mutation StartEastWestImport($kind: String!, $file: ImportFileInput!, $dryRun: Boolean, $mode: ImportMode) {\n      job: startEastWestImport(kind: $kind, file: $file, dryRun: $dryRun, mode: $mode) { ...ImportJobState }\n    }": typeof types.StartEastWestImportDocument,
    "query ReadEastWestImport($id: ID!, $offset: Int, $first: Int) {\n      job: eastWestImport(id: $id) { ...ImportJobState result { ...ImportResultParts rowOutcomes(offset: $offset, first: $first) { row status } } }\n    }": typeof types.ReadEastWestImportDocument,
    "mutation StartEnterpriseImport($kind: String!, $file: ImportFileInput!, $dryRun: Boolean, $mode: ImportMode) {\n      job: startEnterpriseImport(kind: $kind, file: $file, dryRun: $dryRun, mode: $mode) { ...ImportJobState }\n    }": typeof types.StartEnterpriseImportDocument,
    "query ReadEnterpriseImport($id: ID!, $offset: Int, $first: Int) {\n      job: enterpriseImport(id: $id) { ...ImportJobState result { ...ImportResultParts rowOutcomes(offset: $offset, first: $first) { row status } } }\n    }": typeof types.ReadEnterpriseImportDocument,
    "mutation StartRegistryImport($kind: String!, $file: ImportFileInput!, $dryRun: Boolean, $mode: ImportMode) {\n      job: startRegistryImport(kind: $kind, file: $file, dryRun: $dryRun, mode: $mode) { ...ImportJobState }\n    }": typeof types.StartRegistryImportDocument,
    "query ReadRegistryImport($id: ID!, $offset: Int, $first: Int) {\n      job: registryImport(id: $id) { ...ImportJobState result { ...ImportResultParts rowOutcomes(offset: $offset, first: $first) { row status } } }\n    }": typeof types.ReadRegistryImportDocument,
    "query Place($code: ID!, $year: Int, $below: Boolean!) {\n  region(code: $code) {\n    code name level\n    poverty { designated exitYear demo }\n    ancestors { code name }\n    children(first: 200) { totalCount edges { node { code name } } }\n    formerCodes { code name }\n    designatedAssistance(year: $year, includeAncestors: true, includeDescendants: $below) { __typename id helper { id name } helped { code name } since until demo }\n    eastWestPairings(year: $year, includeAncestors: true, includeDescendants: $below) { __typename id helper { id name } helped { code name } since until demo }\n    militaryAssistance(year: $year, includeAncestors: true, includeDescendants: $below) { __typename id helper { id name } helped { code name } since until demo }\n    partyAssistance(year: $year, includeAncestors: true, includeDescendants: $below) {\n      __typename id helper { id name } helped { code name } since until\n      ... on SupervisionAssignment { demo } ... on OwnAidCounty { demo } ... on IntellectualAssistance { demo }\n    }\n    enterpriseAssistance(year: $year, includeAncestors: true, includeDescendants: $below) { __typename id helper { id name } helped { code name } since until demo }\n  }\n}": typeof types.PlaceDocument,
    "query PlaceSearch($code: ID!, $name: String!, $isCode: Boolean!) {\n  byCode: region(code: $code) @include(if: $isCode) { code name level ancestors { code name } }\n  byName: regions(filter: { nameContains: $name }, first: 30) @skip(if: $isCode) { totalCount edges { node { code name level ancestors { code name } } } }\n}": typeof types.PlaceSearchDocument,
    "query SasacRanking($year: Int!) {\n  sasacRanking(year: $year, first: 1000) {\n    year\n    entries {\n      rank group { id name demo } members\n      total { contributions pledged disbursed }\n      pledgeFulfilment counties villages\n    }\n  }\n}": typeof types.SasacRankingDocument,
};
const documents: Documents = {
    "query Coverage($year: Int!) {\n  regions(filter: { povertyCounty: true }, first: 1000) {\n    totalCount\n    edges { node { code name ancestors { code name } poverty { exitYear } } }\n  }\n  designatedCoverageGaps(year: $year) { candidateCount coveredCount gaps { code } }\n  eastWestCoverageGaps(year: $year) { gaps { code } }\n  militaryCoverageGaps(year: $year) { gaps { code } }\n  partyCoverageGaps(year: $year) { gaps { code } }\n  enterpriseCoverageGaps(year: $year) { gaps { code } }\n}": types.CoverageDocument,
    "query EastWestOfficeProvinces {\n  regions(filter: { level: PROVINCE, zone: WEST }, first: 100) { edges { node { code name } } }\n}": types.EastWestOfficeProvincesDocument,
    "query EastWestSuggestions($province: ID!, $year: Int!) {\n  eastWestSuggestions(helpedProvince: $province, year: $year) {\n    year\n    suggestions {\n      id score demoPoints helperRegistered\n      helped { code name }\n      helperRegion { code name }\n      breakdown { factor points demoPoints reason }\n    }\n    unmatched { code name }\n  }\n}": types.EastWestSuggestionsDocument,
    "mutation AcceptEastWestSuggestion($id: ID!) {\n  acceptEastWestSuggestion(input: { suggestionId: $id }) { id helper { name } helped { code name } }\n}": types.AcceptEastWestSuggestionDocument,
    "query EastWestFlows($year: Int!) {\n  regions(filter: { level: PROVINCE, zone: WEST }, first: 100) {\n    edges { node {\n      code name\n      eastWestPairings(year: $year, includeDescendants: true) {\n        demo\n        helperRegion { code name ancestors { code name } }\n        fiscalAid(year: $year) { stage amount }\n      }\n    } }\n  }\n}": types.EastWestFlowsDocument,
    "query Helper($id: ID!, $year: Int) {\n  organization(id: $id) {\n    id name kind demo\n    homeRegion { code name }\n    parent { id name kind }\n    children(first: 100) { totalCount edges { node { id name kind } } }\n    designatedAssistance(year: $year) { __typename id helped { code name } since until demo }\n    eastWestPairings(year: $year) { __typename id helped { code name } since until demo }\n    militaryAssistance(year: $year) { __typename id helped { code name } since until demo }\n    partyAssistance(year: $year) {\n      __typename id helped { code name } since until\n      ... on SupervisionAssignment { demo } ... on OwnAidCounty { demo } ... on IntellectualAssistance { demo }\n    }\n    enterpriseAssistance(year: $year, includeSubsidiaries: true) { __typename id helped { code name } since until demo }\n  }\n}": types.HelperDocument,
    "query HelperSearch($name: String!) {\n  organizations(filter: { nameContains: $name }, first: 50) { edges { node { id name kind homeRegion { code name } } } }\n}": types.HelperSearchDocument,
    "fragment ImportJobState on ImportJob { id kind state rowsDone rows error }": types.ImportJobStateFragmentDoc,
    "fragment ImportResultParts on ImportResult {\n  file format encoding dryRun mode committed rows created updated unchanged refused\n  fileError { column rule message }\n  refusals { row column rule message }\n}": types.ImportResultPartsFragmentDoc,
    "mutation StartEastWestImport($kind: String!, $file: ImportFileInput!, $dryRun: Boolean, $mode: ImportMode) {\n      job: startEastWestImport(kind: $kind, file: $file, dryRun: $dryRun, mode: $mode) { ...ImportJobState }\n    }": types.StartEastWestImportDocument,
    "query ReadEastWestImport($id: ID!, $offset: Int, $first: Int) {\n      job: eastWestImport(id: $id) { ...ImportJobState result { ...ImportResultParts rowOutcomes(offset: $offset, first: $first) { row status } } }\n    }": types.ReadEastWestImportDocument,
    "mutation StartEnterpriseImport($kind: String!, $file: ImportFileInput!, $dryRun: Boolean, $mode: ImportMode) {\n      job: startEnterpriseImport(kind: $kind, file: $file, dryRun: $dryRun, mode: $mode) { ...ImportJobState }\n    }": types.StartEnterpriseImportDocument,
    "query ReadEnterpriseImport($id: ID!, $offset: Int, $first: Int) {\n      job: enterpriseImport(id: $id) { ...ImportJobState result { ...ImportResultParts rowOutcomes(offset: $offset, first: $first) { row status } } }\n    }": types.ReadEnterpriseImportDocument,
    "mutation StartRegistryImport($kind: String!, $file: ImportFileInput!, $dryRun: Boolean, $mode: ImportMode) {\n      job: startRegistryImport(kind: $kind, file: $file, dryRun: $dryRun, mode: $mode) { ...ImportJobState }\n    }": types.StartRegistryImportDocument,
    "query ReadRegistryImport($id: ID!, $offset: Int, $first: Int) {\n      job: registryImport(id: $id) { ...ImportJobState result { ...ImportResultParts rowOutcomes(offset: $offset, first: $first) { row status } } }\n    }": types.ReadRegistryImportDocument,
    "query Place($code: ID!, $year: Int, $below: Boolean!) {\n  region(code: $code) {\n    code name level\n    poverty { designated exitYear demo }\n    ancestors { code name }\n    children(first: 200) { totalCount edges { node { code name } } }\n    formerCodes { code name }\n    designatedAssistance(year: $year, includeAncestors: true, includeDescendants: $below) { __typename id helper { id name } helped { code name } since until demo }\n    eastWestPairings(year: $year, includeAncestors: true, includeDescendants: $below) { __typename id helper { id name } helped { code name } since until demo }\n    militaryAssistance(year: $year, includeAncestors: true, includeDescendants: $below) { __typename id helper { id name } helped { code name } since until demo }\n    partyAssistance(year: $year, includeAncestors: true, includeDescendants: $below) {\n      __typename id helper { id name } helped { code name } since until\n      ... on SupervisionAssignment { demo } ... on OwnAidCounty { demo } ... on IntellectualAssistance { demo }\n    }\n    enterpriseAssistance(year: $year, includeAncestors: true, includeDescendants: $below) { __typename id helper { id name } helped { code name } since until demo }\n  }\n}": types.PlaceDocument,
    "query PlaceSearch($code: ID!, $name: String!, $isCode: Boolean!) {\n  byCode: region(code: $code) @include(if: $isCode) { code name level ancestors { code name } }\n  byName: regions(filter: { nameContains: $name }, first: 30) @skip(if: $isCode) { totalCount edges { node { code name level ancestors { code name } } } }\n}": types.PlaceSearchDocument,
    "query SasacRanking($year: Int!) {\n  sasacRanking(year: $year, first: 1000) {\n    year\n    entries {\n      rank group { id name demo } members\n      total { contributions pledged disbursed }\n      pledgeFulfilment counties villages\n    }\n  }\n}": types.SasacRankingDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Coverage($year: Int!) {\n  regions(filter: { povertyCounty: true }, first: 1000) {\n    totalCount\n    edges { node { code name ancestors { code name } poverty { exitYear } } }\n  }\n  designatedCoverageGaps(year: $year) { candidateCount coveredCount gaps { code } }\n  eastWestCoverageGaps(year: $year) { gaps { code } }\n  militaryCoverageGaps(year: $year) { gaps { code } }\n  partyCoverageGaps(year: $year) { gaps { code } }\n  enterpriseCoverageGaps(year: $year) { gaps { code } }\n}"): typeof import('./graphql').CoverageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query EastWestOfficeProvinces {\n  regions(filter: { level: PROVINCE, zone: WEST }, first: 100) { edges { node { code name } } }\n}"): typeof import('./graphql').EastWestOfficeProvincesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query EastWestSuggestions($province: ID!, $year: Int!) {\n  eastWestSuggestions(helpedProvince: $province, year: $year) {\n    year\n    suggestions {\n      id score demoPoints helperRegistered\n      helped { code name }\n      helperRegion { code name }\n      breakdown { factor points demoPoints reason }\n    }\n    unmatched { code name }\n  }\n}"): typeof import('./graphql').EastWestSuggestionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AcceptEastWestSuggestion($id: ID!) {\n  acceptEastWestSuggestion(input: { suggestionId: $id }) { id helper { name } helped { code name } }\n}"): typeof import('./graphql').AcceptEastWestSuggestionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query EastWestFlows($year: Int!) {\n  regions(filter: { level: PROVINCE, zone: WEST }, first: 100) {\n    edges { node {\n      code name\n      eastWestPairings(year: $year, includeDescendants: true) {\n        demo\n        helperRegion { code name ancestors { code name } }\n        fiscalAid(year: $year) { stage amount }\n      }\n    } }\n  }\n}"): typeof import('./graphql').EastWestFlowsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Helper($id: ID!, $year: Int) {\n  organization(id: $id) {\n    id name kind demo\n    homeRegion { code name }\n    parent { id name kind }\n    children(first: 100) { totalCount edges { node { id name kind } } }\n    designatedAssistance(year: $year) { __typename id helped { code name } since until demo }\n    eastWestPairings(year: $year) { __typename id helped { code name } since until demo }\n    militaryAssistance(year: $year) { __typename id helped { code name } since until demo }\n    partyAssistance(year: $year) {\n      __typename id helped { code name } since until\n      ... on SupervisionAssignment { demo } ... on OwnAidCounty { demo } ... on IntellectualAssistance { demo }\n    }\n    enterpriseAssistance(year: $year, includeSubsidiaries: true) { __typename id helped { code name } since until demo }\n  }\n}"): typeof import('./graphql').HelperDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query HelperSearch($name: String!) {\n  organizations(filter: { nameContains: $name }, first: 50) { edges { node { id name kind homeRegion { code name } } } }\n}"): typeof import('./graphql').HelperSearchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment ImportJobState on ImportJob { id kind state rowsDone rows error }"): typeof import('./graphql').ImportJobStateFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment ImportResultParts on ImportResult {\n  file format encoding dryRun mode committed rows created updated unchanged refused\n  fileError { column rule message }\n  refusals { row column rule message }\n}"): typeof import('./graphql').ImportResultPartsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation StartEastWestImport($kind: String!, $file: ImportFileInput!, $dryRun: Boolean, $mode: ImportMode) {\n      job: startEastWestImport(kind: $kind, file: $file, dryRun: $dryRun, mode: $mode) { ...ImportJobState }\n    }"): typeof import('./graphql').StartEastWestImportDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ReadEastWestImport($id: ID!, $offset: Int, $first: Int) {\n      job: eastWestImport(id: $id) { ...ImportJobState result { ...ImportResultParts rowOutcomes(offset: $offset, first: $first) { row status } } }\n    }"): typeof import('./graphql').ReadEastWestImportDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation StartEnterpriseImport($kind: String!, $file: ImportFileInput!, $dryRun: Boolean, $mode: ImportMode) {\n      job: startEnterpriseImport(kind: $kind, file: $file, dryRun: $dryRun, mode: $mode) { ...ImportJobState }\n    }"): typeof import('./graphql').StartEnterpriseImportDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ReadEnterpriseImport($id: ID!, $offset: Int, $first: Int) {\n      job: enterpriseImport(id: $id) { ...ImportJobState result { ...ImportResultParts rowOutcomes(offset: $offset, first: $first) { row status } } }\n    }"): typeof import('./graphql').ReadEnterpriseImportDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation StartRegistryImport($kind: String!, $file: ImportFileInput!, $dryRun: Boolean, $mode: ImportMode) {\n      job: startRegistryImport(kind: $kind, file: $file, dryRun: $dryRun, mode: $mode) { ...ImportJobState }\n    }"): typeof import('./graphql').StartRegistryImportDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ReadRegistryImport($id: ID!, $offset: Int, $first: Int) {\n      job: registryImport(id: $id) { ...ImportJobState result { ...ImportResultParts rowOutcomes(offset: $offset, first: $first) { row status } } }\n    }"): typeof import('./graphql').ReadRegistryImportDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Place($code: ID!, $year: Int, $below: Boolean!) {\n  region(code: $code) {\n    code name level\n    poverty { designated exitYear demo }\n    ancestors { code name }\n    children(first: 200) { totalCount edges { node { code name } } }\n    formerCodes { code name }\n    designatedAssistance(year: $year, includeAncestors: true, includeDescendants: $below) { __typename id helper { id name } helped { code name } since until demo }\n    eastWestPairings(year: $year, includeAncestors: true, includeDescendants: $below) { __typename id helper { id name } helped { code name } since until demo }\n    militaryAssistance(year: $year, includeAncestors: true, includeDescendants: $below) { __typename id helper { id name } helped { code name } since until demo }\n    partyAssistance(year: $year, includeAncestors: true, includeDescendants: $below) {\n      __typename id helper { id name } helped { code name } since until\n      ... on SupervisionAssignment { demo } ... on OwnAidCounty { demo } ... on IntellectualAssistance { demo }\n    }\n    enterpriseAssistance(year: $year, includeAncestors: true, includeDescendants: $below) { __typename id helper { id name } helped { code name } since until demo }\n  }\n}"): typeof import('./graphql').PlaceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PlaceSearch($code: ID!, $name: String!, $isCode: Boolean!) {\n  byCode: region(code: $code) @include(if: $isCode) { code name level ancestors { code name } }\n  byName: regions(filter: { nameContains: $name }, first: 30) @skip(if: $isCode) { totalCount edges { node { code name level ancestors { code name } } } }\n}"): typeof import('./graphql').PlaceSearchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query SasacRanking($year: Int!) {\n  sasacRanking(year: $year, first: 1000) {\n    year\n    entries {\n      rank group { id name demo } members\n      total { contributions pledged disbursed }\n      pledgeFulfilment counties villages\n    }\n  }\n}"): typeof import('./graphql').SasacRankingDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
