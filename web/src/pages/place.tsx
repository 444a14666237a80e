import { useEffect, useState } from 'react';
import { DemoMark, ExportLinks, isDemo, PERIOD, percent, RecordTable, Show, YearSelect } from '../common';
import { graphql } from '../gql';
import type { PlaceQuery } from '../gql/graphql';
import { useQuery } from '../graphql';
import { useT } from '../i18n';
import { Link, navigate } from '../router';

type Region = NonNullable<PlaceQuery['region']>;
type ChannelKey = 'designatedAssistance' | 'eastWestPairings' | 'militaryAssistance' | 'partyAssistance' | 'enterpriseAssistance';
/** A record of any channel, as the place's query asks for it. */
type Row = NonNullable<Region[ChannelKey]>[number];

const PLACE = graphql(`query Place($code: ID!, $year: Int, $below: Boolean!, $localYear: Int!) {
  region(code: $code) {
    code name level
    poverty { designated exitYear demo }
    ancestors { code name }
    children(first: 200) { totalCount edges { node { code name } } }
    formerCodes { code name }
    designatedAssistance(year: $year, includeAncestors: true, includeDescendants: $below) { __typename id helper { id name } helped { code name } since until demo }
    eastWestPairings(year: $year, includeAncestors: true, includeDescendants: $below) { __typename id helper { id name } helped { code name } since until demo }
    militaryAssistance(year: $year, includeAncestors: true, includeDescendants: $below) { __typename id helper { id name } helped { code name } since until demo }
    partyAssistance(year: $year, includeAncestors: true, includeDescendants: $below) {
      __typename id helper { id name } helped { code name } since until
      ... on SupervisionAssignment { demo } ... on OwnAidCounty { demo } ... on IntellectualAssistance { demo }
    }
    enterpriseAssistance(year: $year, includeAncestors: true, includeDescendants: $below) { __typename id helper { id name } helped { code name } since until demo }
    localCoverage(year: $localYear) {
      poorVillages withFirstSecretary withWorkTeam households householdsWithHelper
      demo { poorVillages withFirstSecretary withWorkTeam households householdsWithHelper }
    }
    households(year: $localYear) { count people demo { count people } }
    workTeams(year: $year, includeDescendants: $below) { id village { code name } senders { id name } since until demo }
  }
}`);

const SEARCH = graphql(`query PlaceSearch($code: ID!, $name: String!, $isCode: Boolean!) {
  byCode: region(code: $code) @include(if: $isCode) { code name level ancestors { code name } }
  byName: regions(filter: { nameContains: $name }, first: 30) @skip(if: $isCode) { totalCount edges { node { code name level ancestors { code name } } } }
}`);

/** The year of the county's own figures when every year is asked: the last year of the programme. */
const LOCAL_YEAR = 2020;

export const CHANNELS: { key: ChannelKey; label: string }[] = [
  { key: 'designatedAssistance', label: '定点帮扶' },
  { key: 'eastWestPairings', label: '东西部协作渠道' },
  { key: 'militaryAssistance', label: '军队帮扶' },
  { key: 'partyAssistance', label: '民主党派' },
  { key: 'enterpriseAssistance', label: '万企帮万村' },
];

export function PlaceSearch() {
  const t = useT();
  const [text, setText] = useState('');
  const [asked, setAsked] = useState('');
  const isCode = /^\d{2,12}$/.test(asked);
  const result = useQuery(SEARCH, { code: isCode ? asked : '0', name: asked, isCode }, !asked);
  // A code names one place (a former code the place that carries it now): open it.
  const opened = result.state === 'done' && isCode ? result.data.byCode?.code : undefined;
  useEffect(() => {
    if (!opened) return;
    navigate(`/place/${opened}`);
    setAsked('');
  }, [opened]);
  return (
    <section aria-labelledby="search-h">
      <h2 id="search-h">{t('搜索')}</h2>
      <form
        className="controls"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setAsked(text.trim());
        }}
      >
        <label className="field">
          {t('地区名称或区划代码（含旧代码）')}
          <input name="place" value={text} onChange={(e) => setText(e.target.value)} placeholder="永寿 / 610426 / 520522" />
        </label>
        <button type="submit">{t('搜索')}</button>
      </form>
      {asked && (
        <Show result={result}>
          {(data) => {
            const found = [...(data.byCode ? [data.byCode] : []), ...(data.byName?.edges ?? []).map((e) => e.node)];
            if (!found.length) return <p>{t('未找到')}</p>;
            return (
              <ul className="results">
                {found.map((r) => (
                  <li key={r.code}>
                    <Link href={`/place/${r.code}`}>{r.name}</Link> <span className="via">{[...r.ancestors.map((a) => a.name), r.code].join(' · ')}</span>
                  </li>
                ))}
              </ul>
            );
          }}
        </Show>
      )}
    </section>
  );
}

/** Where a record lands relative to the place: on it, on a place above, or below it. */
function relation(place: string, helped: string): 'here' | 'above' | 'below' {
  if (helped === place) return 'here';
  return helped.length < place.length && place.startsWith(helped) ? 'above' : 'below';
}

export function PlacePage({ code }: { code: string | null }) {
  const t = useT();
  const [year, setYear] = useState<number | null>(null);
  const [below, setBelow] = useState(true);
  const result = useQuery(PLACE, { code: code ?? '', year, below, localYear: year ?? LOCAL_YEAR }, !code);
  return (
    <>
      <h1>{t('地区')}</h1>
      <p className="lead">{t('一个地区在各渠道的帮扶全貌')}</p>
      <PlaceSearch />
      {code && (
        <Show result={result}>
          {({ region }) =>
            !region ? (
              <p role="alert">
                {t('未找到')}: {code}
              </p>
            ) : (
              <article aria-labelledby="place-h">
                <nav aria-label={t('上级')}>
                  <ol className="crumbs">
                    {region.ancestors.map((a) => (
                      <li key={a.code}>
                        <Link href={`/place/${a.code}`}>{a.name}</Link>
                      </li>
                    ))}
                    <li aria-current="page">{region.name}</li>
                  </ol>
                </nav>
                <h2 id="place-h">
                  {region.name} <span className="via">{region.code}</span>
                </h2>
                <p>
                  {region.poverty?.designated && region.poverty.exitYear ? (
                    <>
                      {t('贫困县')} · {t('摘帽年份')} <b>{region.poverty.exitYear}</b>
                      <DemoMark demo={region.poverty.demo} />
                    </>
                  ) : region.poverty?.designated ? (
                    <>
                      {t('贫困县')}
                      <DemoMark demo={region.poverty.demo} />
                    </>
                  ) : (
                    t('非贫困县')
                  )}
                  {region.formerCodes.length > 0 && (
                    <span className="via">
                      {t('旧代码')}: {region.formerCodes.map((f) => `${f.code} ${f.name}`).join(', ')}
                    </span>
                  )}
                </p>
                <div className="controls">
                  <YearSelect value={year} onChange={setYear} />
                  <label>
                    <input type="checkbox" checked={below} onChange={(e) => setBelow(e.target.checked)} /> {t('自下级')}
                  </label>
                  <ExportLinks name="place" params={{ place: region.code, descendants: below, ancestors: true, from: year, to: year }} />
                </div>
                <div className="cards" role="group" aria-label={t('合计')}>
                  {CHANNELS.map(({ key, label }) => {
                    const list: Row[] = region[key] ?? [];
                    const demo = list.filter(isDemo).length;
                    return (
                      <div className="card" key={key}>
                        {t(label)}
                        <b>{list.length}</b>
                        {t('演示占比')} {percent(demo, list.length)}
                      </div>
                    );
                  })}
                </div>
                {CHANNELS.map(({ key, label }) => {
                  const list: Row[] = region[key] ?? [];
                  return (
                    <section key={key} aria-labelledby={`h-${key}`}>
                      <h2 id={`h-${key}`}>
                        {t(label)} ({list.length})
                      </h2>
                      {region[key] === null ? (
                        <p className="error">{t('出错')}</p>
                      ) : list.length === 0 ? (
                        <p>{t('无')}</p>
                      ) : (
                        <RecordTable
                          rows={list}
                          rowKey={(r) => r.id}
                          columns={[
                            {
                              head: '帮扶方',
                              cell: (r) => (
                                <>
                                  <Link href={`/helper/${encodeURIComponent(r.helper.id)}`}>{r.helper.name}</Link>
                                  <DemoMark demo={isDemo(r)} />
                                </>
                              ),
                            },
                            {
                              head: '受帮扶地',
                              cell: (r) => {
                                const rel = relation(region.code, r.helped.code);
                                return rel === 'here' ? (
                                  r.helped.name
                                ) : (
                                  <>
                                    <Link href={`/place/${r.helped.code}`}>{r.helped.name}</Link>
                                    <span className="via">{t(rel === 'above' ? '自上级' : '自下级')}</span>
                                  </>
                                );
                              },
                            },
                            ...PERIOD,
                          ]}
                        />
                      )}
                    </section>
                  );
                })}
                <Local region={region} year={year ?? LOCAL_YEAR} />
                {region.children.totalCount > 0 && (
                  <nav aria-labelledby="down-h">
                    <h2 id="down-h">
                      {t('下级')} ({region.children.totalCount})
                    </h2>
                    <ul className="results">
                      {region.children.edges.map(({ node }) => (
                        <li key={node.code} style={{ display: 'inline-block', marginRight: '1rem' }}>
                          <Link href={`/place/${node.code}`}>{node.name}</Link>
                        </li>
                      ))}
                    </ul>
                  </nav>
                )}
              </article>
            )
          }
        </Show>
      )}
    </>
  );
}

/**
 * The county's own precision work (the `local` channel): its poor villages with a first
 * secretary and a work team, its filed households with a helper, in one year, with the demo part;
 * and the work teams posted in the place (and below it, when asked).
 */
function Local({ region, year }: { region: Region; year: number }) {
  const t = useT();
  const c = region.localCoverage;
  const teams = region.workTeams ?? [];
  const figures: [string, number, number | undefined][] = c
    ? [
        ['贫困村', c.poorVillages, c.demo?.poorVillages],
        ['有第一书记', c.withFirstSecretary, c.demo?.withFirstSecretary],
        ['有驻村工作队', c.withWorkTeam, c.demo?.withWorkTeam],
        ['建档立卡户', c.households, c.demo?.households],
        ['户有帮扶人', c.householdsWithHelper, c.demo?.householdsWithHelper],
        ['建档立卡人口', region.households?.people ?? 0, region.households?.demo?.people],
      ]
    : [];
  return (
    <section aria-labelledby="h-local">
      <h2 id="h-local">
        {t('县级精准帮扶')} · {year}
      </h2>
      {c === null && region.workTeams === null ? (
        <p className="error">{t('出错')}</p>
      ) : (
        <>
          {figures.some(([, whole]) => whole > 0) && (
            <div className="cards" role="group" aria-label={t('县级精准帮扶')}>
              {figures.map(([label, whole, demo]) => (
                <div className="card" key={label}>
                  {t(label)}
                  <b>{whole.toLocaleString('zh-CN')}</b>
                  {t('演示占比')} {percent(demo ?? 0, whole)}
                </div>
              ))}
            </div>
          )}
          {teams.length === 0 ? (
            <p>{t('无驻村工作队记录')}</p>
          ) : (
            <RecordTable
              label={t('驻村工作队')}
              rows={teams}
              rowKey={(w) => w.id}
              columns={[
                {
                  head: '村',
                  cell: (w) => (
                    <>
                      {w.village.code === region.code ? w.village.name : <Link href={`/place/${w.village.code}`}>{w.village.name}</Link>}
                      <DemoMark demo={w.demo} />
                    </>
                  ),
                },
                {
                  head: '派出单位',
                  cell: (w) =>
                    w.senders.map((o, i) => (
                      <span key={o.id}>
                        {i > 0 && '、'}
                        <Link href={`/helper/${encodeURIComponent(o.id)}`}>{o.name}</Link>
                      </span>
                    )),
                },
                ...PERIOD,
              ]}
            />
          )}
        </>
      )}
    </section>
  );
}
