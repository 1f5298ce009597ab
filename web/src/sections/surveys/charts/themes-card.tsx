import { Stack, Text } from '@mantine/core';
import { ChartCard, NumbersTable } from '../../../ui/chart-card.tsx';
import { Bar } from '../../dashboards/bar.tsx';
import { pct } from '../../dashboards/format.ts';
import { sentimentWord, type ThemeRanking, useThemes } from '../results-api.ts';

/** The themes of this survey's comments, most frequent first, with how often they come with a low score. */
export function ThemesCard({ surveyId }: { surveyId: string }) {
  const themes = useThemes(surveyId);
  return (
    <ChartCard
      title="Themes in comments"
      description="What comments talk about, most frequent first, and how often each comes with a low score."
      query={themes}
      thing="themes"
      isEmpty={(d) => d.data.length === 0}
      empty="No themes yet: they appear when comments mention wait times, prices, staff, delivery and the like."
      chart={(d) => <ThemesChart d={d} />}
      numbers={(d) => <ThemesNumbers d={d} />}
    />
  );
}

const lowNote = (t: ThemeRanking['data'][number]) =>
  t.lowScoreRate === null ? '' : ` · ${pct(t.lowScoreRate)} low scores`;

function ThemesChart({ d }: { d: ThemeRanking }) {
  const top = d.data.slice(0, 8);
  const max = Math.max(...top.map((t) => t.count));
  return (
    <Stack gap={4}>
      <Stack gap={8} component="ol" p={0} m={0} aria-label="Themes in comments, most frequent first">
        {top.map((t) => (
          <li style={{ listStyle: 'none' }} key={t.theme}>
            <Bar
              label={t.label}
              value={t.count}
              max={max}
              color="var(--mantine-color-blue-7)"
              note={`${t.count} comment${t.count === 1 ? '' : 's'}${lowNote(t)}`}
            />
          </li>
        ))}
      </Stack>
      <Text size="xs" c="dimmed">
        {d.withThemes} of {d.responses} answers mention at least one theme.
        {d.data.length > top.length ? ` And ${d.data.length - top.length} more themes in the numbers.` : ''}
      </Text>
    </Stack>
  );
}

function ThemesNumbers({ d }: { d: ThemeRanking }) {
  return (
    <NumbersTable
      label="Themes in comments"
      head={['Theme', 'Comments', 'Share of answers with a theme', 'Low scores', 'Average sentiment']}
      rows={d.data.map((t) => ({
        key: t.theme,
        cells: [
          t.label,
          t.count,
          pct(t.share),
          t.lowScoreRate === null ? '–' : `${t.lowScores} of ${t.scored} (${pct(t.lowScoreRate)})`,
          t.avgSentiment === null
            ? '–'
            : `${sentimentWord(t.avgSentiment)?.label} (${t.avgSentiment.toFixed(2)})`,
        ],
      }))}
    />
  );
}
