import './style.css';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { type Lang, LangContext, useT } from './i18n';
import { CoveragePage } from './pages/coverage';
import { SignIn } from './auth';
import { EastWestPage } from './pages/eastwest';
import { EastWestOfficePage } from './pages/eastwest-office';
import { HelperPage } from './pages/helper';
import { ImportPage } from './pages/import';
import { PlacePage } from './pages/place';
import { SasacPage } from './pages/sasac';
import { Link, usePath } from './router';

const NAV: [string, string][] = [
  ['/place', '地区'],
  ['/helper', '帮扶单位'],
  ['/coverage', '全国覆盖'],
  ['/eastwest', '东西部协作'],
  ['/sasac', '央企排名'],
  ['/import', '导入'],
];

function Page({ path }: { path: string }) {
  const [route, rest] = path.split('?')[0].split('/').filter(Boolean).concat(['', '']);
  const arg = decodeURIComponent(rest);
  switch (route) {
    case '':
    case 'place':
      return <PlacePage code={arg || null} />;
    case 'helper':
      return <HelperPage id={arg || null} />;
    case 'coverage':
      return <CoveragePage />;
    case 'eastwest':
      return arg === 'office' ? <EastWestOfficePage /> : <EastWestPage />;
    case 'sasac':
      return <SasacPage />;
    case 'import':
      return <ImportPage />;
    default:
      return <p>404</p>;
  }
}

function Shell({ lang, setLang }: { lang: Lang; setLang: (l: Lang) => void }) {
  const t = useT();
  const path = usePath();
  const section = '/' + (path.split('/')[1]?.split('?')[0] || 'place');
  return (
    <>
      <a className="skip" href="#main">
        {lang === 'zh' ? '跳到正文' : 'Skip to content'}
      </a>
      <header>
        <Link href="/" className="brand">
          帮扶 <small>bangfu</small>
        </Link>
        <nav aria-label={lang === 'zh' ? '页面' : 'Pages'}>
          {NAV.map(([href, label]) => (
            <Link key={href} href={href} aria-current={section === href ? 'page' : undefined}>
              {t(label)}
            </Link>
          ))}
          <a href="/graphql">GraphiQL</a>
        </nav>
        <SignIn />
        <button type="button" className="lang" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} lang={lang === 'zh' ? 'en' : 'zh'}>
          {t('语言')}
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <Page path={path} />
      </main>
    </>
  );
}

function App() {
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem('bangfu.lang') === 'en' ? 'en' : 'zh'));
  useEffect(() => {
    localStorage.setItem('bangfu.lang', lang);
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  return (
    <LangContext.Provider value={lang}>
      <Shell lang={lang} setLang={setLang} />
    </LangContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
