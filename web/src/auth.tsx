import { decodeJwt } from 'jose';
import { type FormEvent, useState, useSyncExternalStore } from 'react';
import { useT } from './i18n';

/**
 * The bearer token the pages send to the hub's own /graphql. It lives in sessionStorage only:
 * it ends with the tab and is never written where another visit (or another origin) reads it.
 * The page reads its claims only to show who is signed in and which buttons to offer; the hub
 * checks the signature and decides every call.
 */
const KEY = 'bangfu.token';
const CHANGED = 'bangfu:session';

export interface Session {
  token: string;
  role: string;
  sub: string;
  office: string | null;
  regions: string[];
}

function read(): string | null {
  return sessionStorage.getItem(KEY);
}

function subscribe(onChange: () => void) {
  addEventListener(CHANGED, onChange);
  return () => removeEventListener(CHANGED, onChange);
}

/** The claims of a token, or why it cannot be used (unreadable or expired). */
export function parseToken(token: string): Session | string {
  let claims: ReturnType<typeof decodeJwt>;
  try {
    claims = decodeJwt(token);
  } catch {
    return 'unreadable';
  }
  if (typeof claims.role !== 'string') return 'unreadable';
  if (typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now()) return 'expired';
  return {
    token,
    role: claims.role,
    sub: claims.sub ?? '',
    office: typeof claims.office === 'string' ? claims.office : null,
    regions: Array.isArray(claims.regions) ? claims.regions.filter((r): r is string => typeof r === 'string') : [],
  };
}

/** The token to send, or null when anonymous (an expired one is dropped). */
export function currentToken(): string | null {
  const token = read();
  return token && typeof parseToken(token) !== 'string' ? token : null;
}

export function signIn(token: string) {
  sessionStorage.setItem(KEY, token);
  dispatchEvent(new Event(CHANGED));
}

export function signOut() {
  sessionStorage.removeItem(KEY);
  dispatchEvent(new Event(CHANGED));
}

/** The signed-in caller, re-rendering on sign-in and sign-out; null when anonymous. */
export function useSession(): Session | null {
  const token = useSyncExternalStore(subscribe, read);
  if (!token) return null;
  const session = parseToken(token);
  return typeof session === 'string' ? null : session;
}

/** The header's control: paste a token to sign in; once in, the role and a sign-out. */
export function SignIn() {
  const t = useT();
  const session = useSession();
  const [open, setOpen] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  if (session)
    return (
      <div className="session">
        <span data-testid="signed-in-role">
          {t('已登录')}: {session.role}
          {session.office ? ` · ${session.office}` : ''}
          {session.regions.length ? ` · ${session.regions.join(', ')}` : ''}
        </span>
        <button type="button" onClick={signOut}>
          {t('退出')}
        </button>
      </div>
    );
  if (!open)
    return (
      <button type="button" className="session" onClick={() => setOpen(true)}>
        {t('登录')}
      </button>
    );
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const token = String(new FormData(e.currentTarget).get('token') ?? '')
      .trim()
      .replace(/^Bearer\s+/i, '');
    const parsed = parseToken(token);
    if (typeof parsed === 'string') return setProblem(t(parsed === 'expired' ? '令牌已过期' : '令牌无法读取'));
    setProblem(null);
    setOpen(false);
    signIn(token);
  };
  return (
    <form className="session" onSubmit={submit} aria-label={t('登录')}>
      <label className="field">
        {t('令牌')}
        <input name="token" type="password" autoComplete="off" placeholder="Bearer …" required />
      </label>
      <button type="submit">{t('登录')}</button>
      <button type="button" onClick={() => setOpen(false)}>
        {t('取消')}
      </button>
      {problem && (
        <span role="alert" className="error">
          {problem}
        </span>
      )}
    </form>
  );
}
