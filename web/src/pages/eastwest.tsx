import { useMemo, useState } from 'react';
import { Chart } from '../chart';
import { Show, YearSelect } from '../common';
import { graphql } from '../gql';
import type { EastWestFlowsQuery } from '../gql/graphql';
import { fen, useQuery, wan } from '../graphql';
import { useT } from '../i18n';
import { Link } from '../router';

interface Named {
  code: string;
  name: string;
}
type FlowsResult = EastWestFlowsQuery;

// Every pairing landing in a western province (at any level inside it), with the eastern
// helper's home, rolled up here to province → province.
const FLOWS = graphql(`query EastWestFlows($year: Int!) {
  regions(filter: { level: PROVINCE, zone: WEST }, first: 100) {
    edges { node {
      code name
      eastWestPairings(year: $year, includeDescendants: true) {
        demo
        helperRegion { code name ancestors { code name } }
        fiscalAid(year: $year) { stage amount }
      }
    } }
  }
}`);

interface Flow {
  from: Named;
  to: Named;
  pairings: number;
  demo: number;
  disbursed: bigint;
}

export function EastWestPage() {
  const t = useT();
  const [year, setYear] = useState<number | null>(2018);
  const result = useQuery(FLOWS, { year: year ?? 2018 });
  return (
    <>
      <h1>{t('东西部协作')}</h1>
      <p className="lead">{t('东部省份 → 西部省份')}</p>
      <p>
        <Link href="/eastwest/office">{t('办公室视图')}</Link>
      </p>
      <div className="controls">
        <YearSelect value={year} onChange={setYear} allowAll={false} />
      </div>
      <Show result={result}>{(data) => <Flows data={data} />}</Show>
    </>
  );
}

function Flows({ data }: { data: FlowsResult }) {
  const t = useT();
  const flows = useMemo(() => {
    const byPair = new Map<string, Flow>();
    for (const { node: west } of data.regions.edges)
      for (const p of west.eastWestPairings ?? []) {
        const east = p.helperRegion.ancestors[0] ?? p.helperRegion;
        const key = `${east.code}>${west.code}`;
        const f = byPair.get(key) ?? { from: east, to: { code: west.code, name: west.name }, pairings: 0, demo: 0, disbursed: 0n };
        f.pairings += 1;
        if (p.demo) f.demo += 1;
        for (const a of p.fiscalAid) if (a.stage === 'DISBURSED') f.disbursed += fen(a.amount);
        byPair.set(key, f);
      }
    return [...byPair.values()].sort((a, b) => b.pairings - a.pairings || a.from.code.localeCompare(b.from.code));
  }, [data]);
  // A sankey needs distinct node names on both sides: eastern and western provinces never coincide.
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'item' },
      series: [
        {
          type: 'sankey',
          left: 10,
          right: 110,
          label: { fontSize: 12 },
          nodeAlign: 'left',
          emphasis: { focus: 'adjacency' },
          data: [...new Set(flows.flatMap((f) => [f.from.name, f.to.name]))].map((name) => ({ name })),
          links: flows.map((f) => ({ source: f.from.name, target: f.to.name, value: f.pairings })),
          lineStyle: { color: 'gradient', opacity: 0.4 },
        },
      ],
    }),
    [flows],
  );
  if (!flows.length) return <p>{t('无')}</p>;
  return (
    <>
      <Chart option={option} label={t('东部省份 → 西部省份')} height={Math.max(420, flows.length * 8)} />
      <div className="table-wrap">
        <table aria-label={t('东西部协作')}>
          <thead>
            <tr>
              <th>{t('东部')}</th>
              <th>{t('西部')}</th>
              <th className="num">{t('结对数')}</th>
              <th className="num">{t('演示占比')}</th>
              <th className="num">{t('财政援助')}</th>
            </tr>
          </thead>
          <tbody>
            {flows.map((f) => (
              <tr key={`${f.from.code}>${f.to.code}`}>
                <td>
                  <Link href={`/place/${f.from.code}`}>{f.from.name}</Link>
                </td>
                <td>
                  <Link href={`/place/${f.to.code}`}>{f.to.name}</Link>
                </td>
                <td className="num">{f.pairings}</td>
                <td className="num">{Math.round((f.demo / f.pairings) * 100)}%</td>
                <td className="num">{wan(f.disbursed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
