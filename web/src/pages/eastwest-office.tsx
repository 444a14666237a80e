import { useState } from 'react';
import { type Session, useSession } from '../auth';
import { Show, YearSelect } from '../common';
import { graphql } from '../gql';
import type { EastWestSuggestionsQuery } from '../gql/graphql';
import { GraphQLFailure, run, useQuery } from '../graphql';
import { useT } from '../i18n';
import { Link } from '../router';

const WEST = graphql(`query EastWestOfficeProvinces {
  regions(filter: { level: PROVINCE, zone: WEST }, first: 100) { edges { node { code name } } }
}`);

const SUGGESTIONS = graphql(`query EastWestSuggestions($province: ID!, $year: Int!) {
  eastWestSuggestions(helpedProvince: $province, year: $year) {
    year
    suggestions {
      id score demoPoints helperRegistered
      helped { code name }
      helperRegion { code name }
      breakdown { factor points demoPoints reason }
    }
    unmatched { code name }
  }
}`);

const ACCEPT = graphql(`mutation AcceptEastWestSuggestion($id: ID!) {
  acceptEastWestSuggestion(input: { suggestionId: $id }) { id helper { name } helped { code name } }
}`);

type Suggestion = EastWestSuggestionsQuery['eastWestSuggestions']['suggestions'][number];
type Outcome = { kind: 'accepted'; pairing: string } | { kind: 'refused'; message: string; rule: string | null };

/**
 * Whether the graph would let this caller accept: an administrator, or an east-west office
 * (COORDINATOR, office EAST_WEST) covering either side. The hub decides; this only hides a
 * button that would be refused.
 */
function mayAccept(session: Session | null, s: Suggestion): boolean {
  if (!session) return false;
  if (session.role === 'ADMIN') return true;
  if (session.role !== 'COORDINATOR' || session.office !== 'EAST_WEST') return false;
  return session.regions.some((r) => s.helped.code.startsWith(r) || s.helperRegion.code.startsWith(r));
}

export function EastWestOfficePage() {
  const t = useT();
  const session = useSession();
  // `?province=61&year=2021` opens a province and year directly (a link to share).
  const [province, setProvince] = useState(() => new URLSearchParams(location.search).get('province') ?? '');
  const [year, setYear] = useState<number | null>(() => Number(new URLSearchParams(location.search).get('year')) || 2021);
  const [version, setVersion] = useState(0);
  // Kept here, above the list, so the outcome stays while the list is read again.
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const provinces = useQuery(WEST, {});
  const result = useQuery(SUGGESTIONS, { province, year: year ?? 2021 }, !province, version);
  const office = session?.role === 'ADMIN' || (session?.role === 'COORDINATOR' && session.office === 'EAST_WEST');
  return (
    <>
      <h1>{t('东西部协作办公室')}</h1>
      <p className="lead">{t('未结对的西部地区及结对建议')}</p>
      <p>
        <Link href="/eastwest">{t('东西部协作')}</Link>
      </p>
      {!office && <p data-testid="sign-in-hint">{t('登录提示')}</p>}
      {outcome?.kind === 'accepted' && (
        <p role="status" data-testid="accepted">
          {t('已结对')}: {outcome.pairing}
        </p>
      )}
      {outcome?.kind === 'refused' && (
        <p role="alert" className="error" data-testid="refusal">
          {t('被拒绝')}: {outcome.message}
          {outcome.rule ? ` (${t('规则')}: ${outcome.rule})` : ''}
        </p>
      )}
      <div className="controls">
        <label className="field">
          {t('西部省份')}
          <select name="province" value={province} onChange={(e) => setProvince(e.target.value)}>
            <option value="">–</option>
            {provinces.state === 'done' &&
              provinces.data.regions.edges.map(({ node }) => (
                <option key={node.code} value={node.code}>
                  {node.name}
                </option>
              ))}
          </select>
        </label>
        <YearSelect value={year} onChange={setYear} allowAll={false} />
      </div>
      {province && (
        <Show result={result}>
          {(data) => <Suggestions data={data.eastWestSuggestions} session={session} setOutcome={setOutcome} onAccepted={() => setVersion((v) => v + 1)} />}
        </Show>
      )}
    </>
  );
}

function Suggestions({
  data,
  session,
  setOutcome,
  onAccepted,
}: {
  data: EastWestSuggestionsQuery['eastWestSuggestions'];
  session: Session | null;
  setOutcome: (o: Outcome | null) => void;
  onAccepted: () => void;
}) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const accept = async (s: Suggestion) => {
    setBusy(true);
    setOutcome(null);
    try {
      const { acceptEastWestSuggestion: p } = await run(ACCEPT, { id: s.id });
      setOutcome({ kind: 'accepted', pairing: `${p.helper.name} → ${p.helped.name}` });
      onAccepted();
    } catch (e) {
      setOutcome({ kind: 'refused', message: e instanceof Error ? e.message : String(e), rule: e instanceof GraphQLFailure ? e.rule : null });
      setBusy(false);
    }
  };
  return (
    <>
      <h2>
        {t('结对建议')} ({data.suggestions.length})
      </h2>
      {data.suggestions.length === 0 ? (
        <p>{t('无')}</p>
      ) : (
        <div className="table-wrap">
          <table aria-label={t('结对建议')}>
            <thead>
              <tr>
                <th>{t('西部')}</th>
                <th>{t('东部')}</th>
                <th className="num">{t('得分')}</th>
                <th>{t('得分构成')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.suggestions.map((s) => (
                <tr key={s.id} data-suggestion={s.id}>
                  <td>
                    <Link href={`/place/${s.helped.code}`}>{s.helped.name}</Link>
                  </td>
                  <td>
                    <Link href={`/place/${s.helperRegion.code}`}>{s.helperRegion.name}</Link>
                    {!s.helperRegistered && <small className="note"> {t('政府未登记')}</small>}
                  </td>
                  <td className="num">
                    {s.score}
                    {s.demoPoints ? ` (${t('演示')} ${s.demoPoints})` : ''}
                  </td>
                  <td>
                    <ul className="parts">
                      {s.breakdown.map((part) => (
                        <li key={part.factor} data-factor={part.factor}>
                          <strong>{t(part.factor)}</strong> {part.points}
                          {part.demoPoints ? ` (${t('演示')} ${part.demoPoints})` : ''}: {part.reason}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    {mayAccept(session, s) && (
                      <button type="button" disabled={busy} onClick={() => accept(s)}>
                        {t('接受')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>
        {t('无可用建议')} ({data.unmatched.length})
      </h2>
      <p>{data.unmatched.length ? data.unmatched.map((r) => r.name).join('、') : t('无')}</p>
    </>
  );
}
