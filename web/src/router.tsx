import { type AnchorHTMLAttributes, useEffect, useState } from 'react';

/** The path shown, kept in step with the history: the pages route in the browser. */
export function usePath(): string {
  const [path, setPath] = useState(location.pathname + location.search);
  useEffect(() => {
    const update = () => setPath(location.pathname + location.search);
    addEventListener('popstate', update);
    addEventListener('bangfu:navigate', update);
    return () => {
      removeEventListener('popstate', update);
      removeEventListener('bangfu:navigate', update);
    };
  }, []);
  return path;
}

export function navigate(to: string) {
  history.pushState(null, '', to);
  dispatchEvent(new Event('bangfu:navigate'));
  scrollTo(0, 0);
}

/** An ordinary link (keyboard, middle click, copy address all work) that routes in place. */
export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  return (
    <a
      {...props}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(props.href);
      }}
    />
  );
}
