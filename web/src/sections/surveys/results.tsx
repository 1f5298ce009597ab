import { Paper, SimpleGrid, Text } from '@mantine/core';
import { humanize } from '../../ui/format.ts';
import { isScoreType, type ScoreType, type Survey } from './api.ts';
import { DistributionCard } from './charts/distribution-card.tsx';
import { ScoreTrendCard } from './charts/score-trend-card.tsx';
import { ThemesCard } from './charts/themes-card.tsx';
import { type Summary, useSummary } from './results-api.ts';

const formats: Record<ScoreType, (v: number) => string> = {
  nps: (v) => Math.round(v).toString(),
  csat: (v) => `${Math.round(v)}%`,
  ces: (v) => v.toFixed(1),
};
const order: ScoreType[] = ['nps', 'csat', 'ces'];

/**
 * The score types to show: those the survey asks now and those earlier versions were answered
 * with (an edit can change an NPS survey into a CSAT one; its old answers still count).
 */
function scoreTypesOf(s: Survey, d: Summary | undefined): ScoreType[] {
  const asked = new Set<ScoreType>(s.questions.map((q) => q.type).filter(isScoreType));
  for (const t of order) if (d?.[t]) asked.add(t);
  return order.filter((t) => asked.has(t));
}

function Metric({ type, m }: { type: ScoreType; m: Summary['nps'] }) {
  const o = m?.overall;
  const format = formats[type];
  return (
    <Paper withBorder radius="md" p="sm">
      <Text size="sm" c="dimmed">
        {type.toUpperCase()}
      </Text>
      <Text fz={28} fw={700}>
        {o && o.value !== null ? format(o.value) : '—'}
      </Text>
      <Text size="xs" c="dimmed">
        {o ? `${o.n} answer${o.n === 1 ? '' : 's'}` : 'No answers yet'}
        {o?.ci && ` · 95% ${format(o.ci.low)} to ${format(o.ci.high)}`}
        {o?.smallSample && ' · small sample'}
      </Text>
      {m && m.anonymous.n > 0 && (
        <Text size="xs" c="dimmed">
          {`${m.anonymous.n} anonymous answer${m.anonymous.n === 1 ? '' : 's'}`}
          {m.anonymous.value !== null && ` (${format(m.anonymous.value)})`}
          {m.anonymous.excluded > 0 ? ', not in the score' : ', counted in the score'}
        </Text>
      )}
    </Paper>
  );
}

/** Answered personal links of one channel (email, the widget's web sends) out of those sent. */
function ResponseRate({ r }: { r: Summary['responseRates'][number] }) {
  return (
    <Paper withBorder radius="md" p="sm">
      <Text size="sm" c="dimmed">
        Response rate, {channelLabel(r.channel)}
      </Text>
      <Text fz={28} fw={700}>
        {r.rate === null ? '—' : `${Math.round(r.rate)}%`}
      </Text>
      <Text size="xs" c="dimmed">
        {r.answered} of {r.sent} sent
        {r.ci && ` · 95% ${Math.round(r.ci.low)}% to ${Math.round(r.ci.high)}%`}
      </Text>
    </Paper>
  );
}

const channelLabel = (c: string) => (c === 'web' ? 'website widget' : humanize(c).toLowerCase());

/** The survey's results: each score overall, by month and by score; the themes of its comments. */
export function Results({ survey }: { survey: Survey }) {
  const summary = useSummary(survey.id);
  const types = scoreTypesOf(survey, summary.data);
  const rates = (summary.data?.responseRates ?? []).filter((r) => r.sent > 0);
  return (
    <section aria-label="Results">
      {(types.length > 0 || rates.length > 0) && (
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} mb="md">
          {types.map((t) => (
            <Metric key={t} type={t} m={summary.data?.[t] ?? null} />
          ))}
          {rates.map((r) => (
            <ResponseRate key={r.channel} r={r} />
          ))}
        </SimpleGrid>
      )}
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        {types.flatMap((t) => [
          <ScoreTrendCard key={`${t}-trend`} type={t} summary={summary} />,
          <DistributionCard key={`${t}-distribution`} type={t} summary={summary} />,
        ])}
        <ThemesCard surveyId={survey.id} />
      </SimpleGrid>
    </section>
  );
}
