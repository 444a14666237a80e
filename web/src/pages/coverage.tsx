import { useMemo, useState } from 'react';
import { Chart } from '../chart';
import { Show, YearSelect } from '../common';
import { graphql } from '../gql';
import type { CoverageQuery } from '../gql/graphql';
import { useQuery } from '../graphql';
import { useT } from '../i18n';
import { Link } from '../router';

type CoverageResult = CoverageQuery;
type County = CoverageQuery['regions']['edges'][number]['node'];

// Each channel answers its own gaps in one statement (its `…CoverageGaps`): designated — a
// pairing on the county; east-west and parties — help to the county, a place containing it (a
// party supervising a province covers its counties) or a place inside it; military and
// enterprises — help in the county or inside it (a village compact).
const COVERAGE = graphql(`query Coverage($year: Int!) {
  regions(filter: { povertyCounty: true }, first: 1000) {
    totalCount
    edges { node { code name ancestors { code name } poverty { exitYear } } }
  }
  designatedCoverageGaps(year: $year) { candidateCount coveredCount gaps { code } }
  eastWestCoverageGaps(year: $year) { gaps { code } }
  militaryCoverageGaps(year: $year) { gaps { code } }
  partyCoverageGaps(year: $year) { gaps { code } }
  enterpriseCoverageGaps(year: $year) { gaps { code } }
}`);

type ChannelKey = 'designated' | 'eastwest' | 'military' | 'parties' | 'enterprises';
const CHANNELS: [ChannelKey, string][] = [
  ['designated', '定点帮扶'],
  ['eastwest', '东西部协作渠道'],
  ['military', '军队帮扶'],
  ['parties', '民主党派'],
  ['enterprises', '万企帮万村'],
];

/** Per channel, the set of its gap counties; null where the channel could not answer. */
function gapSets(data: CoverageResult): Record<ChannelKey, Set<string> | null> {
  const set = (g: { gaps: { code: string }[] } | null | undefined) => (g ? new Set(g.gaps.map((c) => c.code)) : null);
  return {
    designated: set(data.designatedCoverageGaps),
    eastwest: set(data.eastWestCoverageGaps),
    military: set(data.militaryCoverageGaps),
    parties: set(data.partyCoverageGaps),
    enterprises: set(data.enterpriseCoverageGaps),
  };
}

/** Per channel for one county: covered, a gap, or null where the channel could not answer. */
function covered(c: County, gaps: Record<ChannelKey, Set<string> | null>): Record<ChannelKey, boolean | null> {
  const of = (k: ChannelKey) => (gaps[k] ? !gaps[k].has(c.code) : null);
  return { designated: of('designated'), eastwest: of('eastwest'), military: of('military'), parties: of('parties'), enterprises: of('enterprises') };
}

export function CoveragePage() {
  const t = useT();
  const [year, setYear] = useState<number | null>(2018);
  const result = useQuery(COVERAGE, { year: year ?? 2018 });
  return (
    <>
      <h1>{t('全国覆盖')}</h1>
      <p className="lead">{t('全国贫困县 × 渠道，缺口优先')}</p>
      <p className="via">{t('覆盖方式说明')}</p>
      <Show result={result}>{(data) => <Coverage data={data} year={year} setYear={setYear} />}</Show>
    </>
  );
}

function Coverage({ data, year, setYear }: { data: CoverageResult; year: number | null; setYear: (y: number | null) => void }) {
  const t = useT();
  const [province, setProvince] = useState('');
  const [channel, setChannel] = useState<ChannelKey | ''>('');
  const [gapsOnly, setGapsOnly] = useState(false);
  const sets = useMemo(() => gapSets(data), [data]);
  const rows = useMemo(
    () =>
      data.regions.edges.map(({ node }) => {
        const c = covered(node, sets);
        const considered = channel ? [channel] : CHANNELS.map(([k]) => k);
        const gaps = considered.filter((k) => c[k] === false).length;
        return { county: node, province: node.ancestors[0] ?? node, covered: c, gaps };
      }),
    [data, sets, channel],
  );
  const provinces = useMemo(() => [...new Map(rows.map((r) => [r.province.code, r.province])).values()].sort((a, b) => a.code.localeCompare(b.code)), [rows]);
  const shown = rows
    .filter((r) => (!province || r.province.code === province) && (!gapsOnly || r.gaps > 0))
    .sort((a, b) => b.gaps - a.gaps || a.county.code.localeCompare(b.county.code));
  const treemap = useMemo(() => {
    const byProvince = new Map<string, { name: string; value: number; gaps: number }>();
    for (const r of rows) {
      const p = byProvince.get(r.province.code) ?? { name: r.province.name, value: 0, gaps: 0 };
      p.value += 1;
      if (r.gaps > 0) p.gaps += 1;
      byProvince.set(r.province.code, p);
    }
    return {
      tooltip: { formatter: (p: { name: string; value: number; data: { gaps: number } }) => `${p.name}: ${p.value} · ${t('缺口')} ${p.data.gaps}` },
      series: [
        {
          type: 'treemap',
          roam: false,
          nodeClick: false,
          breadcrumb: { show: false },
          label: { formatter: (p: { name: string; data: { gaps: number }; value: number }) => `${p.name}\n${p.data.gaps}/${p.value}` },
          data: [...byProvince.values()].map((p) => ({
            ...p,
            itemStyle: { color: `rgb(${Math.round(120 + 120 * (p.gaps / p.value))}, ${Math.round(170 - 120 * (p.gaps / p.value))}, 90)` },
          })),
        },
      ],
    };
  }, [rows, t]);
  const gapCounties = rows.filter((r) => r.gaps > 0).length;
  return (
    <>
      <div className="controls">
        <YearSelect value={year} onChange={setYear} allowAll={false} />
        <label className="field">
          {t('省份')}
          <select name="province" value={province} onChange={(e) => setProvince(e.target.value)}>
            <option value="">{t('全部省份')}</option>
            {provinces.map((p) => (
              <option key={p.code} value={p.code}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {t('渠道')}
          <select name="channel" value={channel} onChange={(e) => setChannel(e.target.value as ChannelKey | '')}>
            <option value="">{t('全部渠道')}</option>
            {CHANNELS.map(([k, label]) => (
              <option key={k} value={k}>
                {t(label)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={gapsOnly} onChange={(e) => setGapsOnly(e.target.checked)} /> {t('只看缺口')}
        </label>
      </div>
      <div className="cards">
        <div className="card">
          {t('县')}
          <b data-testid="coverage-count">{data.regions.totalCount}</b>
        </div>
        <div className="card">
          {t('缺口')}
          <b>{gapCounties}</b>
        </div>
        <div className="card">
          {t('定点帮扶')} {t('覆盖')}
          <b>
            {data.designatedCoverageGaps.coveredCount}/{data.designatedCoverageGaps.candidateCount}
          </b>
        </div>
      </div>
      <Chart option={treemap} label={`${t('缺口')} / ${t('省份')}`} height={360} />
      <div className="table-wrap">
        <table aria-label={t('全国覆盖')}>
          <thead>
            <tr>
              <th>{t('县')}</th>
              <th>{t('省份')}</th>
              <th className="num">{t('摘帽年份')}</th>
              {CHANNELS.map(([k, label]) => (
                <th key={k} className="num">
                  {t(label)}
                </th>
              ))}
              <th className="num">{t('缺口')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.county.code} data-code={r.county.code}>
                <td>
                  <Link href={`/place/${r.county.code}`}>{r.county.name}</Link>
                </td>
                <td>{r.province.name}</td>
                <td className="num">{r.county.poverty?.exitYear ?? ''}</td>
                {CHANNELS.map(([k]) => {
                  const c = r.covered[k];
                  return (
                    <td key={k} className={`num ${c === false ? 'gap' : c === null ? '' : 'ok'}`}>
                      {c === null ? '?' : c ? '✓' : '—'}
                    </td>
                  );
                })}
                <td className="num">{r.gaps}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
