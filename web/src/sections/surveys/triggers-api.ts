import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import type { Ok } from '../../api/types.ts';

export type Trigger = Ok<'/api/v1/surveys/{id}/triggers', 'get'>['data'][number];
export type TriggerCondition = Trigger['condition'];
type PatchBody = NonNullable<
  paths['/api/v1/surveys/{id}/triggers/{triggerId}']['patch']['requestBody']
>['content']['application/json'];
/** What the trigger form edits; `active` is changed on its own by Pause and Resume. */
export type TriggerFields = Required<Pick<PatchBody, 'interactionKind' | 'delayHours' | 'condition'>>;

const key = (surveyId: string) => ['survey', surveyId, 'triggers'] as const;

export const useTriggers = (surveyId: string) =>
  useQuery({
    queryKey: key(surveyId),
    queryFn: async ({ signal }): Promise<Trigger[]> =>
      (await data(api.GET('/api/v1/surveys/{id}/triggers', { params: { path: { id: surveyId } }, signal })))
        .data,
  });

/** Creates a trigger, or (with `triggerId`) changes one: only the fields sent change. */
export function useSaveTrigger(surveyId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ triggerId, body }: { triggerId?: string; body: PatchBody }): Promise<Trigger> =>
      triggerId
        ? data(
            api.PATCH('/api/v1/surveys/{id}/triggers/{triggerId}', {
              params: { path: { id: surveyId, triggerId } },
              body,
            }),
          )
        : data(
            api.POST('/api/v1/surveys/{id}/triggers', {
              params: { path: { id: surveyId } },
              body: body as TriggerFields,
            }),
          ),
    onSuccess: () => qc.invalidateQueries({ queryKey: key(surveyId) }),
  });
}
