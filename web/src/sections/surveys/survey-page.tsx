// Mantine's chart styles load with this lazy chunk, as with the dashboards.
import '@mantine/charts/styles.css';
import { Badge, Button, Center, Group, Loader } from '@mantine/core';
import { Link, useParams } from 'wouter';
import { ErrorPanel } from '../../ui/error-panel.tsx';
import { Page } from '../../ui/page.tsx';
import { type Survey, useArchiveSurvey, useSurvey } from './api.ts';
import { ResponsesTable } from './responses-table.tsx';
import { Results } from './results.tsx';
import { SendForm } from './send-form.tsx';
import { StatusBadge } from './surveys-page.tsx';
import { TriggersPanel } from './triggers-panel.tsx';

/** One survey: its results, its answers and comments, sending it and its triggers, editing and archiving. */
export function SurveyPage() {
  const { id = '' } = useParams<{ id: string }>();
  const survey = useSurvey(id);
  if (survey.isError)
    return <ErrorPanel error={survey.error} thing="survey" onRetry={() => survey.refetch()} />;
  if (!survey.data) {
    return (
      <Center p="lg">
        <Loader size="sm" aria-label="Loading the survey" />
      </Center>
    );
  }
  return <SurveyView s={survey.data} />;
}

function SurveyView({ s }: { s: Survey }) {
  const archive = useArchiveSurvey(s.id);
  const live = s.status === 'live';
  return (
    <Page
      title={s.name}
      actions={
        <Group gap="xs">
          <StatusBadge status={s.status} />
          <Badge variant="outline" color="gray">
            Version {s.version}
          </Badge>
          {live && (
            <>
              <Button variant="default" component={Link} href={`/surveys/${s.id}/edit`}>
                Edit
              </Button>
              <Button
                variant="light"
                color="red"
                loading={archive.isPending}
                onClick={() => {
                  if (
                    window.confirm(`Archive “${s.name}”? Links already sent will show the survey as closed.`)
                  )
                    archive.mutate();
                }}
              >
                Archive
              </Button>
            </>
          )}
        </Group>
      }
    >
      {archive.isError && <ErrorPanel error={archive.error} thing="survey" />}
      <Results survey={s} />
      <ResponsesTable surveyId={s.id} />
      {live && <SendForm surveyId={s.id} />}
      <TriggersPanel surveyId={s.id} live={live} />
    </Page>
  );
}
