import { useState } from 'react';
import { DemoMark, isDemo, Show, YearSelect } from '../common';
import { graphql } from '../gql';
import { useQuery } from '../graphql';
import { useT } from '../i18n';
import { Link } from '../router';

const HELPER = graphql(`query Helper($id: ID!, $year: Int) {
  organization(id: $id) {
    id name kind demo
    homeRegion { code name }
    parent { id name kind }
    children(first: 100) { totalCount edges { node { id name kind } } }
    designatedAssistance(year: $year) { __typename id helped { code name } since until demo }
    eastWestPairings(year: $year) { __typename id helped { code name } since until demo }
    militaryAssistance(year: $year) { __typename id helped { code name } since until demo }
    partyAssistance(year: $year) {
      __typename id helped { code name } since until
      ... on SupervisionAssignment { demo } ... on OwnAidCounty { demo } ... on IntellectualAssistance { demo }
    }
    enterpriseAssistance(year: $year, includeSubsidiaries: true) { __typename id helped { code name } since until demo }
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
                {CHANNELS.map(({ key, label }) => {
                  const list = org[key] ?? [];
                  if (!list.length) return null;
                  return (
                    <section key={key}>
                      <h2>
                        {t(label)} ({list.length})
                      </h2>
                      <div className="table-wrap">
                        <table>
                          <thead>
                            <tr>
                              <th>{t('受帮扶地')}</th>
                              <th>{t('起')}</th>
                              <th>{t('止')}</th>
                            </tr>
                          </thead>
                          <tbody>
                            {list.slice(0, 300).map((r) => (
                              <tr key={r.id}>
                                <td>
                                  <Link href={`/place/${r.helped.code}`}>{r.helped.name}</Link>
                                  <DemoMark demo={isDemo(r)} />
                                </td>
                                <td>{r.since}</td>
                                <td>{r.until ?? ''}</td>
                              </tr>
                            ))}
                          </tbody>
                        </table>
                      </div>
                    </section>
                  );
                })}
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
