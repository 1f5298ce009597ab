import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import type { Ok } from '../../api/types.ts';
import type { ScoreType } from './api.ts';

export type Summary = Ok<'/api/v1/feedback/summary', 'get'>;
export type TypeSummary = NonNullable<Summary['nps']>;
export type SurveyResponse = Ok<'/api/v1/surveys/{id}/responses', 'get'>['data'][number];
export type ThemeRanking = Ok<'/api/v1/feedback/themes', 'get'>;
export type ThemeDefinition = Ok<'/api/v1/feedback/lexicon', 'get'>['data'][number];

/** Everything under this key changes when an answer arrives or a theme is corrected. */
const results = (id: string) => ['survey', id, 'results'] as const;
// Results move with each answer, not each second: a minute fresh, as on the dashboards.
const staleTime = 60_000;

/** NPS, CSAT and CES of this survey: overall, by month, and the count of each score. */
export const useSummary = (id: string) =>
  useQuery({
    queryKey: [...results(id), 'summary'],
    queryFn: ({ signal }): Promise<Summary> =>
      data(
        api.GET('/api/v1/feedback/summary', {
          params: { query: { surveyId: id, interval: 'month' } },
          signal,
        }),
      ),
    staleTime,
  });

export const useResponses = (id: string) =>
  useQuery({
    queryKey: [...results(id), 'responses'],
    queryFn: async ({ signal }): Promise<SurveyResponse[]> =>
      (
        await data(
          api.GET('/api/v1/surveys/{id}/responses', {
            params: { path: { id }, query: { limit: 100 } },
            signal,
          }),
        )
      ).data,
    staleTime,
  });

/** The themes of this survey's comments, most frequent first. */
export const useThemes = (id: string) =>
  useQuery({
    queryKey: [...results(id), 'themes'],
    queryFn: ({ signal }): Promise<ThemeRanking> =>
      data(
        api.GET('/api/v1/feedback/themes', { params: { query: { surveyId: id, sort: 'count' } }, signal }),
      ),
    staleTime,
  });

/** Every theme the lexicon knows, for labels and for correcting a comment's themes. */
export const useLexicon = () =>
  useQuery({
    queryKey: ['feedback', 'lexicon'],
    queryFn: async ({ signal }): Promise<ThemeDefinition[]> =>
      (await data(api.GET('/api/v1/feedback/lexicon', { signal }))).data,
    staleTime: 5 * 60_000,
  });

/** Sets a response's themes to `themes`: sends what to add and what to remove. */
export function useCorrectThemes(surveyId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ response, themes }: { response: SurveyResponse; themes: string[] }) => {
      const add = themes.filter((t) => !response.themes.includes(t));
      const remove = response.themes.filter((t) => !themes.includes(t));
      return data(
        api.POST('/api/v1/feedback/responses/{id}/themes', {
          params: { path: { id: response.id } },
          body: { add, remove },
        }),
      );
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: results(surveyId) }),
  });
}

/** The answer bands of each scale, in words (colour is never the only cue). */
export const scoreBands: Record<ScoreType, { key: string; label: string; color: string; max: number }[]> = {
  nps: [
    { key: 'detractors', label: 'Detractors (0–6)', color: 'red.7', max: 6 },
    { key: 'passives', label: 'Passives (7–8)', color: 'gray.6', max: 8 },
    { key: 'promoters', label: 'Promoters (9–10)', color: 'green.8', max: 10 },
  ],
  csat: [
    { key: 'dissatisfied', label: 'Dissatisfied (1–2)', color: 'red.7', max: 2 },
    { key: 'neutral', label: 'Neutral (3)', color: 'gray.6', max: 3 },
    { key: 'satisfied', label: 'Satisfied (4–5)', color: 'green.8', max: 5 },
  ],
  ces: [
    { key: 'difficult', label: 'Difficult (1–3)', color: 'red.7', max: 3 },
    { key: 'neutral', label: 'Neutral (4)', color: 'gray.6', max: 4 },
    { key: 'easy', label: 'Easy (5–7)', color: 'green.8', max: 7 },
  ],
};

type Band = (typeof scoreBands)[ScoreType][number];
/** The band a score falls in; the last band's max is the scale's top, so every score has one. */
export const bandOf = (type: ScoreType, score: number): Band =>
  scoreBands[type].find((b) => score <= b.max) ?? (scoreBands[type].at(-1) as Band);

/**
 * Sentiment of a comment in words, with the thresholds the customer 360 uses (±0.3 on the
 * −1…1 scale), so one answer reads the same everywhere.
 */
export function sentimentWord(s: number | null): { label: string; color: string } | null {
  if (s === null) return null;
  if (s >= 0.3) return { label: 'Positive', color: 'green' };
  if (s <= -0.3) return { label: 'Negative', color: 'red' };
  return { label: 'Neutral', color: 'gray' };
}
