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
type Pairing = NonNullable<FlowsResult['regions']['edges'][number]['node']['eastWestPairings']>[number];
type Level = 'PROVINCE' | 'PREFECTURE';

// Every pairing landing in a western province (at any level inside it), with the eastern
// helper's home and the year's flows, rolled up here to province → province or prefecture →
// prefecture.
const FLOWS = graphql(`query EastWestFlows($year: Int!) {
  regions(filter: { level: PROVINCE, zone: WEST }, first: 100) {
    edges { node {
      code name
      eastWestPairings(year: $year, includeDescendants: true) {
        demo
        helped { code name level ancestors { code name level } }
        helperRegion { code name level ancestors { code name level } }
        fiscalAid(year: $year) { stage amount }
        labourCooperation(year: $year) { workersPlaced poorWorkersPlaced }
        talentExchanges(year: $year) { direction persons }
        producePurchases(year: $year) { amount }
      }
    } }
  }
}`);

/** The figures of one flow: money in fen, never added across stages. */
interface Figures {
  pairings: number;
  demo: number;
  pledged: bigint;
  committed: bigint;
  disbursed: bigint;
  workers: number;
  poorWorkers: number;
  talentWest: number;
  talentEast: number;
  produce: bigint;
}
interface Flow extends Figures {
  from: Named;
  to: Named;
}

/** What the diagram's band widths show; the table shows every figure. */
const MEASURES = [
  { key: 'pairings', label: '结对数' },
  { key: 'disbursed', label: '财政援助·拨付' },
  { key: 'workers', label: '转移就业' },
  { key: 'talentWest', label: '东部派出人才' },
  { key: 'produce', label: '消费扶贫' },
] as const;
type Measure = (typeof MEASURES)[number]['key'];

/** The place at `level` holding `place` (itself when it is at that level or above it). */
function at(level: Level, place: Named & { level: string; ancestors: (Named & { level: string })[] }): Named {
  if (level === 'PROVINCE') return place.ancestors.find((a) => a.level === 'PROVINCE') ?? place;
  if (place.level === 'PROVINCE' || place.level === 'PREFECTURE') return place;
  return place.ancestors.find((a) => a.level === 'PREFECTURE') ?? place;
}

function add(f: Figures, p: Pairing) {
  f.pairings += 1;
  if (p.demo) f.demo += 1;
  for (const a of p.fiscalAid) {
    if (a.stage === 'PLEDGED') f.pledged += fen(a.amount);
    else if (a.stage === 'COMMITTED') f.committed += fen(a.amount);
    else f.disbursed += fen(a.amount);
  }
  for (const l of p.labourCooperation) {
    f.workers += l.workersPlaced;
    f.poorWorkers += l.poorWorkersPlaced;
  }
  for (const x of p.talentExchanges) {
    if (x.direction === 'EAST_TO_WEST') f.talentWest += x.persons;
    else f.talentEast += x.persons;
  }
  for (const b of p.producePurchases) f.produce += fen(b.amount);
}

function combine(into: Figures, f: Figures): Figures {
  into.pairings += f.pairings;
  into.demo += f.demo;
  into.pledged += f.pledged;
  into.committed += f.committed;
  into.disbursed += f.disbursed;
  into.workers += f.workers;
  into.poorWorkers += f.poorWorkers;
  into.talentWest += f.talentWest;
  into.talentEast += f.talentEast;
  into.produce += f.produce;
  return into;
}

const zero = (): Figures => ({
  pairings: 0,
  demo: 0,
  pledged: 0n,
  committed: 0n,
  disbursed: 0n,
  workers: 0,
  poorWorkers: 0,
  talentWest: 0,
  talentEast: 0,
  produce: 0n,
});

export function EastWestPage() {
  const t = useT();
  const [year, setYear] = useState<number | null>(2018);
  const [level, setLevel] = useState<Level>('PROVINCE');
  const [measure, setMeasure] = useState<Measure>('pairings');
  const result = useQuery(FLOWS, { year: year ?? 2018 });
  return (
    <>
      <h1>{t('东西部协作')}</h1>
      <p className="lead">{t('东部 → 西部：结对、财政援助、劳务协作、人才交流、消费扶贫')}</p>
      <p>
        <Link href="/eastwest/office">{t('办公室视图')}</Link>
      </p>
      <div className="controls">
        <YearSelect value={year} onChange={setYear} allowAll={false} />
        <label className="field">
          {t('层级')}{' '}
          <select name="level" value={level} onChange={(e) => setLevel(e.target.value as Level)}>
            <option value="PROVINCE">{t('省 → 省')}</option>
            <option value="PREFECTURE">{t('市 → 市州')}</option>
          </select>
        </label>
        <label className="field">
          {t('图中宽度')}{' '}
          <select name="measure" value={measure} onChange={(e) => setMeasure(e.target.value as Measure)}>
            {MEASURES.map((m) => (
              <option key={m.key} value={m.key}>
                {t(m.label)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Show result={result}>{(data) => <Flows data={data} level={level} measure={measure} />}</Show>
    </>
  );
}

function Flows({ data, level, measure }: { data: FlowsResult; level: Level; measure: Measure }) {
  const t = useT();
  const flows = useMemo(() => {
    const byPair = new Map<string, Flow>();
    for (const { node: west } of data.regions.edges)
      for (const p of west.eastWestPairings ?? []) {
        const from = at(level, p.helperRegion);
        const to = at(level, p.helped);
        const key = `${from.code}>${to.code}`;
        let f = byPair.get(key);
        if (!f) byPair.set(key, (f = { from: { code: from.code, name: from.name }, to: { code: to.code, name: to.name }, ...zero() }));
        add(f, p);
      }
    return [...byPair.values()].sort((a, b) => b.pairings - a.pairings || a.from.code.localeCompare(b.from.code));
  }, [data, level]);
  const totals = useMemo(() => flows.reduce(combine, zero()), [flows]);
  const option = useMemo(() => {
    const value = (f: Flow) => (typeof f[measure] === 'bigint' ? Number((f[measure] as bigint) / 100n) : (f[measure] as number));
    const shown = flows.filter((f) => value(f) > 0);
    // A sankey needs distinct node names: a name on both sides, or twice on one, gets its code.
    const names = new Map<string, string>();
    const label = (side: 'e' | 'w', n: Named) => {
      const key = `${side}${n.code}`;
      if (!names.has(key)) {
        const taken = [...names.values()].includes(n.name);
        names.set(key, taken ? `${n.name} ${n.code}` : n.name);
      }
      return names.get(key)!;
    };
    const links = shown.map((f) => ({ source: label('e', f.from), target: label('w', f.to), value: value(f) }));
    return {
      tooltip: { trigger: 'item' },
      series: [
        {
          type: 'sankey',
          left: 10,
          right: 130,
          label: { fontSize: 12 },
          nodeAlign: 'left',
          emphasis: { focus: 'adjacency' },
          data: [...new Set(names.values())].map((name) => ({ name })),
          links,
          lineStyle: { color: 'gradient', opacity: 0.4 },
        },
      ],
    };
  }, [flows, measure]);
  if (!flows.length) return <p>{t('无')}</p>;
  const chartFlows = option.series[0].links.length;
  return (
    <>
      {chartFlows > 0 ? (
        <Chart option={option} label={t('东部 → 西部')} height={Math.max(420, Math.min(2400, chartFlows * (level === 'PROVINCE' ? 8 : 6)))} />
      ) : (
        <p>{t('本年无此项')}</p>
      )}
      <p className="via">{t('金额单位：万元；财政援助按阶段列出，不相加')}</p>
      <div className="table-wrap">
        <table aria-label={t('东西部协作')}>
          <thead>
            <tr>
              <th>{t('东部')}</th>
              <th>{t('西部')}</th>
              <th className="num">{t('结对数')}</th>
              <th className="num">{t('演示占比')}</th>
              <th className="num">{t('财政援助·承诺')}</th>
              <th className="num">{t('财政援助·落实')}</th>
              <th className="num">{t('财政援助·拨付')}</th>
              <th className="num">{t('转移就业')}</th>
              <th className="num">{t('其中贫困劳动力')}</th>
              <th className="num">{t('东部派出人才')}</th>
              <th className="num">{t('西部来东部人才')}</th>
              <th className="num">{t('消费扶贫')}</th>
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
                <Cells f={f} />
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th colSpan={2}>{t('合计')}</th>
              <Cells f={totals} />
            </tr>
          </tfoot>
        </table>
      </div>
    </>
  );
}

function Cells({ f }: { f: Figures }) {
  return (
    <>
      <td className="num">{f.pairings}</td>
      <td className="num">{f.pairings ? `${Math.round((f.demo / f.pairings) * 100)}%` : '–'}</td>
      <td className="num">{wan(f.pledged)}</td>
      <td className="num">{wan(f.committed)}</td>
      <td className="num">{wan(f.disbursed)}</td>
      <td className="num">{f.workers.toLocaleString('zh-CN')}</td>
      <td className="num">{f.poorWorkers.toLocaleString('zh-CN')}</td>
      <td className="num">{f.talentWest.toLocaleString('zh-CN')}</td>
      <td className="num">{f.talentEast.toLocaleString('zh-CN')}</td>
      <td className="num">{wan(f.produce)}</td>
    </>
  );
}
