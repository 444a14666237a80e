import readme from '../../README.md?raw';

/** The README's example operations (its ```graphql blocks), each with a title from the sentence before it. */
export function readmeExamples(): { title: string; query: string }[] {
  const out: { title: string; query: string }[] = [];
  const block = /([^\n]*)\n*```graphql\n([\s\S]*?)```/g;
  for (const m of readme.matchAll(block)) {
    const title = m[1].replace(/[:：]\s*$/, '').trim() || `Example ${out.length + 1}`;
    out.push({ title, query: m[2].trimEnd() + '\n' });
  }
  return out;
}
