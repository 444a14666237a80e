import { useState } from 'react';
import { DemoMark, isDemo, PERIOD, RecordTable, Show, YearSelect } from '../common';
import { graphql } from '../gql';
import type { HelperQuery } from '../gql/graphql';
import { fen, useQuery, wan } from '../graphql';
import { useT } from '../i18n';
import { Link } from '../router';

const HELPER = graphql(`query Helper($id: ID!, $year: Int) {
  organization(id: $id) {
    id name kind demo
    homeRegion { code name }
    parent { id name kind }
    children(first: 100) { totalCount edges { node { id name kind } } }
    designatedAssistance(year: $year) { __typename id helped { code name } since until demo }
    eastWestPairings(year: $year) { __typename id helped { code name } since until demo fiscalAid(year: $year) { stage amount } }
    militaryAssistance(year: $year) { __typename id helped { code name } since until demo }
    partyAssistance(year: $year) {
      __typename id helped { code name } since until
      ... on SupervisionAssignment { demo } ... on OwnAidCounty { demo } ... on IntellectualAssistance { demo }
    }
    enterpriseAssistance(year: $year, includeSubsidiaries: true) { __typename id helped { code name } since until demo }
    enterpriseSummary(year: $year, includeSubsidiaries: true) {
      compacts villages
      total { contributions pledged committed disbursed verified }
      demo { total { contributions pledged committed disbursed verified } }
    }
    cadres(year: $year) { id personName role helped { code name } since until status demo }
    workTeams(year: $year) { id village { code name } since until demo }
  }
}`);
const SEARCH = graphql(`query HelperSearch($name: String!) {
  organizations(filter: { nameContains: $name }, first: 50) { edges { node { id name kind homeRegion { code name } } } }
}`);

const CHANNELS: { key: 'designatedAssistance' | 'eastWestPairings' | 'militaryAssistance' | 'partyAssistance' | 'enterpriseAssistance'; label: string }[] = [
  { key: 'designatedAssistance', label: '定点帮扶' },
  { key: 'eastWestPairings', label: '东西部协作渠道' },
  { key: 'militaryAssistance', label: '军队帮扶' },
  { key: 'partyAssistance', label: '民主党派' },
  { key: 'enterpriseAssistance', label: '万企帮万村' },
];

function HelperSearch() {
  const t = useT();
  const [text, setText] = useState('');
  const [asked, setAsked] = useState('');
  const result = useQuery(SEARCH, { name: asked }, !asked);
  return (
    <section>
      <form
        className="controls"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setAsked(text.trim());
        }}
      >
        <label className="field">
          {t('单位名称')}
          <input name="helper" value={text} onChange={(e) => setText(e.target.value)} placeholder="九三学社 / 江苏省 / gov-31" />
        </label>
        <button type="submit">{t('搜索')}</button>
      </form>
      {asked && (
        <Show result={result}>
          {(data) =>
            data.organizations.edges.length === 0 ? (
              <p>{t('未找到')}</p>
            ) : (
              <ul className="results">
                {data.organizations.edges.map(({ node }) => (
                  <li key={node.id}>
                    <Link href={`/helper/${encodeURIComponent(node.id)}`}>{node.name}</Link>{' '}
                    <span className="via">{[node.kind, node.homeRegion?.name].filter(Boolean).join(' · ')}</span>
                  </li>
                ))}
              </ul>
            )
          }
        </Show>
      )}
    </section>
  );
}

export function HelperPage({ id }: { id: string | null }) {
  const t = useT();
  const [year, setYear] = useState<number | null>(null);
  const result = useQuery(HELPER, { id: id ?? '', year }, !id);
  return (
    <>
      <h1>{t('帮扶单位')}</h1>
      <p className="lead">{t('一个单位在各渠道的帮扶全貌')}</p>
      <HelperSearch />
      {id && (
        <Show result={result}>
          {({ organization: org }) =>
            !org ? (
              <p role="alert">
                {t('未找到')}: {id}
              </p>
            ) : (
              <article aria-labelledby="helper-h">
                <h2 id="helper-h">
                  {org.name} <DemoMark demo={org.demo} />
                </h2>
                <p>
                  {t('类型')}: {org.kind}
                  {org.homeRegion && (
                    <>
                      {' · '}
                      {t('所在地')}: <Link href={`/place/${org.homeRegion.code}`}>{org.homeRegion.name}</Link>
                    </>
                  )}
                  {org.parent && (
                    <>
                      {' · '}
                      {t('上级单位')}: <Link href={`/helper/${encodeURIComponent(org.parent.id)}`}>{org.parent.name}</Link>
                    </>
                  )}
                </p>
                <div className="controls">
                  <YearSelect value={year} onChange={setYear} />
                </div>
                <div className="cards">
                  {CHANNELS.map(({ key, label }) => (
                    <div className="card" key={key}>
                      {t(label)}
                      <b>{org[key]?.length ?? '–'}</b>
                    </div>
                  ))}
                </div>
                <Money org={org} />
                {CHANNELS.map(({ key, label }) => {
                  const list = org[key] ?? [];
                  if (!list.length) return null;
                  return (
                    <section key={key}>
                      <h2>
                        {t(label)} ({list.length})
                      </h2>
                      <RecordTable
                        rows={list}
                        rowKey={(r) => r.id}
                        columns={[
                          {
                            head: '受帮扶地',
                            cell: (r) => (
                              <>
                                <Link href={`/place/${r.helped.code}`}>{r.helped.name}</Link>
                                <DemoMark demo={isDemo(r)} />
                              </>
                            ),
                          },
                          ...PERIOD,
                        ]}
                      />
                    </section>
                  );
                })}
                <Cadres org={org} />
                <WorkTeams org={org} />
                {org.children.totalCount > 0 && (
                  <section>
                    <h2>
                      {t('下级')} ({org.children.totalCount})
                    </h2>
                    <ul className="results">
                      {org.children.edges.map(({ node }) => (
                        <li key={node.id}>
                          <Link href={`/helper/${encodeURIComponent(node.id)}`}>{node.name}</Link>
                        </li>
                      ))}
                    </ul>
                  </section>
                )}
              </article>
            )
          }
        </Show>
      )}
    </>
  );
}

type Org = NonNullable<HelperQuery['organization']>;

/**
 * Money by stage, never added across stages: the enterprise channel's contributions (the group
 * with its subsidiaries) and the east-west fiscal aid of the organisation's pairings, with the
 * demo part of each.
 */
function Money({ org }: { org: Org }) {
  const t = useT();
  const summary = org.enterpriseSummary;
  const aid = { PLEDGED: [0n, 0n], COMMITTED: [0n, 0n], DISBURSED: [0n, 0n] };
  for (const p of org.eastWestPairings ?? [])
    for (const a of p.fiscalAid) {
      aid[a.stage][0] += fen(a.amount);
      if (p.demo) aid[a.stage][1] += fen(a.amount);
    }
  const hasAid = Object.values(aid).some(([whole]) => whole > 0n);
  if (!hasAid && !summary?.total.contributions) return null;
  const cell = (whole: bigint, demo: bigint | undefined) => (
    <td className="num">
      {wan(whole)}
      {demo ? <span className="demo">{`${t('演示')} ${wan(demo)}`}</span> : null}
    </td>
  );
  return (
    <section aria-labelledby="money-h">
      <h2 id="money-h">{t('资金（万元，按阶段）')}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t('渠道')}</th>
              <th className="num">{t('承诺')}</th>
              <th className="num">{t('落实')}</th>
              <th className="num">{t('拨付')}</th>
              <th className="num">{t('核实')}</th>
            </tr>
          </thead>
          <tbody>
            {summary && summary.total.contributions > 0 && (
              <tr>
                <td>
                  {t('万企帮万村')} · {summary.total.contributions} {t('捐赠笔数')} · {summary.compacts} {t('村企结对')}
                </td>
                {cell(fen(summary.total.pledged), summary.demo ? fen(summary.demo.total.pledged) : undefined)}
                {cell(fen(summary.total.committed), summary.demo ? fen(summary.demo.total.committed) : undefined)}
                {cell(fen(summary.total.disbursed), summary.demo ? fen(summary.demo.total.disbursed) : undefined)}
                {cell(fen(summary.total.verified), summary.demo ? fen(summary.demo.total.verified) : undefined)}
              </tr>
            )}
            {hasAid && (
              <tr>
                <td>{t('东西部协作财政援助')}</td>
                {cell(aid.PLEDGED[0], aid.PLEDGED[1])}
                {cell(aid.COMMITTED[0], aid.COMMITTED[1])}
                {cell(aid.DISBURSED[0], aid.DISBURSED[1])}
                <td className="num">–</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The cadres a central unit sends (designated channel). */
function Cadres({ org }: { org: Org }) {
  const t = useT();
  const cadres = org.cadres ?? [];
  if (!cadres.length) return null;
  return (
    <section aria-labelledby="cadres-h">
      <h2 id="cadres-h">
        {t('挂职干部')} ({cadres.length})
      </h2>
      <RecordTable
        rows={cadres}
        rowKey={(c) => c.id}
        columns={[
          {
            head: '姓名',
            cell: (c) => (
              <>
                {c.personName}
                <DemoMark demo={c.demo} />
              </>
            ),
          },
          { head: '职务', cell: (c) => c.role },
          { head: '受帮扶地', cell: (c) => <Link href={`/place/${c.helped.code}`}>{c.helped.name}</Link> },
          ...PERIOD,
        ]}
      />
    </section>
  );
}

/** The village work teams the organisation sends people to (the county's precision work). */
function WorkTeams({ org }: { org: Org }) {
  const t = useT();
  const teams = org.workTeams ?? [];
  if (!teams.length) return null;
  return (
    <section aria-labelledby="teams-h">
      <h2 id="teams-h">
        {t('驻村工作队')} ({teams.length})
      </h2>
      <RecordTable
        rows={teams}
        rowKey={(w) => w.id}
        columns={[
          {
            head: '村',
            cell: (w) => (
              <>
                <Link href={`/place/${w.village.code}`}>{w.village.name}</Link>
                <DemoMark demo={w.demo} />
              </>
            ),
          },
          ...PERIOD,
        ]}
      />
    </section>
  );
}
