import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api/client.ts';
import type { paths } from '../../api/schema';

type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
export type Rule = Json<paths['/api/v1/rules/{id}']['get']['responses'][200]>;
export type NewRule = Json<paths['/api/v1/rules']['post']['requestBody']>;
export type RulePatch = Json<NonNullable<paths['/api/v1/rules/{id}']['patch']['requestBody']>>;
export type Trigger = Rule['trigger'];
export type NotifyChannel = Rule['notify'][number];
export type ConditionCheck = Json<paths['/api/v1/rules/validate']['post']['responses'][200]>;
export type DryRunBody = Json<paths['/api/v1/rules/dry-run']['post']['requestBody']>;
export type DryRun = Json<paths['/api/v1/rules/dry-run']['post']['responses'][200]>;
export type Playbook = Json<paths['/api/v1/loop/playbooks/{id}']['get']['responses'][200]>;
export type NewPlaybook = Json<paths['/api/v1/loop/playbooks']['post']['requestBody']>;
export type Step = Playbook['steps'][number];
export type StepType = Step['type'];

export const ruleKeys = {
  rules: ['rules'] as const,
  rule: (id: string) => ['rules', id] as const,
  check: (trigger: Trigger, condition: string) => ['rules', 'check', trigger, condition] as const,
  playbooks: ['playbooks'] as const,
  playbook: (id: string) => ['playbooks', id] as const,
};

export const useRules = () =>
  useQuery({
    queryKey: ruleKeys.rules,
    queryFn: async ({ signal }): Promise<Rule[]> => (await data(api.GET('/api/v1/rules', { signal }))).data,
  });

export const useRule = (id: string | undefined) =>
  useQuery({
    queryKey: ruleKeys.rule(id ?? ''),
    queryFn: ({ signal }): Promise<Rule> =>
      data(api.GET('/api/v1/rules/{id}', { params: { path: { id: id ?? '' } }, signal })),
    enabled: !!id,
  });

/**
 * Whether a condition would be accepted, for the text as last typed (the caller debounces). A
 * check is a pure function of its input, so answers are kept; while the next one is on its way,
 * the last answer stays on screen instead of flickering.
 */
export const useConditionCheck = (trigger: Trigger, condition: string) =>
  useQuery({
    queryKey: ruleKeys.check(trigger, condition),
    queryFn: ({ signal }): Promise<ConditionCheck> =>
      data(api.POST('/api/v1/rules/validate', { body: { trigger, condition }, signal })),
    enabled: condition.trim() !== '',
    staleTime: Number.POSITIVE_INFINITY,
    placeholderData: keepPreviousData,
  });

export function useSaveRule(id: string | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewRule): Promise<Rule> => {
      if (!id) return data(api.POST('/api/v1/rules', { body }));
      // The key names the rule in the API; it is set once, when the rule is made.
      const { key: _key, ...patch } = body;
      return data(api.PATCH('/api/v1/rules/{id}', { params: { path: { id } }, body: patch }));
    },
    onSuccess: async (r) => {
      qc.setQueryData(ruleKeys.rule(r.id), r);
      await qc.invalidateQueries({ queryKey: ruleKeys.rules, exact: true });
    },
  });
}

export function useToggleRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; enabled: boolean }): Promise<Rule> =>
      data(api.PATCH('/api/v1/rules/{id}', { params: { path: { id: v.id } }, body: { enabled: v.enabled } })),
    onSuccess: (r) => {
      qc.setQueryData(ruleKeys.rule(r.id), r);
      qc.setQueryData<Rule[]>(ruleKeys.rules, (list) => list?.map((x) => (x.id === r.id ? r : x)));
    },
  });
}

export const useDryRun = () =>
  useMutation({
    mutationFn: (body: DryRunBody): Promise<DryRun> => data(api.POST('/api/v1/rules/dry-run', { body })),
  });

export const usePlaybooks = () =>
  useQuery({
    queryKey: ruleKeys.playbooks,
    queryFn: async ({ signal }): Promise<Playbook[]> =>
      (await data(api.GET('/api/v1/loop/playbooks', { signal }))).data,
  });

export const usePlaybook = (id: string | undefined) =>
  useQuery({
    queryKey: ruleKeys.playbook(id ?? ''),
    queryFn: ({ signal }): Promise<Playbook> =>
      data(api.GET('/api/v1/loop/playbooks/{id}', { params: { path: { id: id ?? '' } }, signal })),
    enabled: !!id,
  });

export function useSavePlaybook(id: string | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewPlaybook): Promise<Playbook> => {
      if (!id) return data(api.POST('/api/v1/loop/playbooks', { body }));
      const { key: _key, ...patch } = body;
      return data(api.PATCH('/api/v1/loop/playbooks/{id}', { params: { path: { id } }, body: patch }));
    },
    onSuccess: async (p) => {
      qc.setQueryData(ruleKeys.playbook(p.id), p);
      await qc.invalidateQueries({ queryKey: ruleKeys.playbooks, exact: true });
    },
  });
}
