import { scoreSentiment } from './sentiment/score-sentiment.ts';

export type ThemeLexicon = { slug: string; patterns: string[] }[];
export type CommentAnalysis = { sentiment: number | null; themes: string[] };

/** Lower case, letters and digits only (apostrophes kept inside words), single spaces. */
export const normaliseText = (text: string) =>
  ` ${text
    .toLowerCase()
    .replace(/[’`]/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim()} `;

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const compiled = new Map<string, RegExp>();

/** A pattern is a phrase; "*" ends a word with any ending ("wait*": waited, waiting; "call* back"). */
function patternRegex(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    const words = pattern.toLowerCase().trim().split(/\s+/);
    const body = words
      .map((w) => {
        const prefix = w.endsWith('*');
        const core = normaliseText(w.replace(/\*+$/, '')).trim();
        return escapeRegex(core) + (prefix ? "[\\p{L}\\p{N}']*" : '');
      })
      .join(' ');
    re = new RegExp(` ${body} `, 'u');
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(pattern, re);
  }
  return re;
}

/**
 * Sentiment (VADER plus Tenure's service and complaint phrases, −1…1: `scoreSentiment`) and
 * themes from the curated lexicon. English only; a comment in another language gets a neutral
 * sentiment and whatever theme phrases it happens to contain.
 */
export function analyzeComment(text: string, lexicon: ThemeLexicon): CommentAnalysis {
  const trimmed = text.trim();
  if (!trimmed) return { sentiment: null, themes: [] };
  const normalised = normaliseText(trimmed);
  const themes = lexicon
    .filter((t) => t.patterns.some((p) => patternRegex(p).test(normalised)))
    .map((t) => t.slug);
  return { sentiment: scoreSentiment(trimmed), themes };
}
