import { useMemo, useState } from 'react';
import { Chart } from '../chart';
import { DemoMark, ExportLinks, Show, YearSelect } from '../common';
import { graphql } from '../gql';
import type { SasacRankingQuery } from '../gql/graphql';
import { fen, useQuery, wan } from '../graphql';
import { useT } from '../i18n';
import { Link } from '../router';

type Entry = SasacRankingQuery['sasacRanking']['entries'][number];
const RANKING = graphql(`query SasacRanking($year: Int!) {
  sasacRanking(year: $year, first: 1000) {
    year
    entries {
      rank group { id name demo } members
      total { contributions pledged disbursed }
      pledgeFulfilment counties villages
    }
  }
}`);

type Column = 'rank' | 'name' | 'members' | 'contributions' | 'pledged' | 'disbursed' | 'fulfilment' | 'counties' | 'villages';
const COLUMNS: [Column, string, (e: Entry) => number | string | bigint][] = [
  ['rank', '排名', (e) => e.rank],
  ['name', '集团', (e) => e.group.name],
  ['members', '成员单位', (e) => e.members],
  ['contributions', '捐赠笔数', (e) => e.total.contributions],
  ['pledged', '已认捐', (e) => fen(e.total.pledged)],
  ['disbursed', '已拨付', (e) => fen(e.total.disbursed)],
  ['fulfilment', '兑现率', (e) => Number(e.pledgeFulfilment ?? -1)],
  ['counties', '覆盖县', (e) => e.counties],
  ['villages', '覆盖村', (e) => e.villages],
];

export function SasacPage() {
  const t = useT();
  const [year, setYear] = useState<number | null>(2019);
  const result = useQuery(RANKING, { year: year ?? 2019 });
  return (
    <>
      <h1>{t('央企排名')}</h1>
      <p className="lead">{t('按已拨付金额排名的中央企业集团')}</p>
      <div className="controls">
        <YearSelect value={year} onChange={setYear} allowAll={false} />
        <ExportLinks name="sasac-ranking" params={{ from: year ?? 2019, to: year ?? 2019 }} />
      </div>
      <Show result={result}>{(data) => <Ranking entries={data.sasacRanking.entries} />}</Show>
    </>
  );
}

function Ranking({ entries }: { entries: Entry[] }) {
  const t = useT();
  const [sort, setSort] = useState<{ column: Column; descending: boolean }>({ column: 'rank', descending: false });
  const sorted = useMemo(() => {
    const key = COLUMNS.find(([c]) => c === sort.column)![2];
    return [...entries].sort((a, b) => {
      const x = key(a);
      const y = key(b);
      const order = typeof x === 'string' ? x.localeCompare(y as string, 'zh-CN') : x < (y as typeof x) ? -1 : x > (y as typeof x) ? 1 : 0;
      return (sort.descending ? -order : order) || a.rank - b.rank;
    });
  }, [entries, sort]);
  const top = entries.slice(0, 20);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 180, right: 20, top: 10, bottom: 30 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', inverse: true, data: top.map((e) => e.group.name), axisLabel: { width: 170, overflow: 'truncate' } },
      series: [{ type: 'bar', name: t('已拨付'), data: top.map((e) => Number(fen(e.total.disbursed) / 100n) / 10_000), itemStyle: { color: '#a3211f' } }],
    }),
    [top, t],
  );
  if (!entries.length) return <p>{t('无')}</p>;
  return (
    <>
      <Chart option={option} label={`${t('已拨付')} · top 20`} height={Math.max(300, top.length * 22 + 40)} />
      <div className="table-wrap">
        <table aria-label={t('央企排名')}>
          <thead>
            <tr>
              {COLUMNS.map(([column, label]) => {
                const active = sort.column === column;
                return (
                  <th key={column} className={column === 'name' ? '' : 'num'} aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                    <button
                      type="button"
                      data-column={column}
                      onClick={() => setSort({ column, descending: active ? !sort.descending : column !== 'rank' && column !== 'name' })}
                    >
                      {t(label)} {active ? (sort.descending ? '▼' : '▲') : ''}
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {sorted.map((e) => (
              <tr key={e.group.id}>
                <td className="num">{e.rank}</td>
                <td>
                  <Link href={`/helper/${encodeURIComponent(e.group.id)}`}>{e.group.name}</Link>
                  <DemoMark demo={e.group.demo} />
                </td>
                <td className="num">{e.members}</td>
                <td className="num">{e.total.contributions}</td>
                <td className="num">{wan(fen(e.total.pledged))}</td>
                <td className="num">{wan(fen(e.total.disbursed))}</td>
                <td className="num">{e.pledgeFulfilment === null ? '–' : `${(Number(e.pledgeFulfilment) * 100).toFixed(1)}%`}</td>
                <td className="num">{e.counties}</td>
                <td className="num">{e.villages}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
