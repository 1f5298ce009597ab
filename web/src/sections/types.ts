import type { QueryClient } from '@tanstack/react-query';
import type { ComponentType } from 'react';
import type { ApiPath, Role } from '../api/types.ts';
import type { Icon } from '../ui/icons.tsx';

/**
 * A section of the app: its routes, its navigation entry and who may see it. A section exists
 * only when its back end does: `requires` names the API paths it uses, checked against the
 * generated schema at compile time, so a section whose API is missing does not build.
 */
export type Section = {
  id: string;
  /** Navigation label; a section with no label has routes but no navigation entry. */
  label?: string;
  icon?: Icon;
  /** Where the navigation entry points. */
  href: string;
  roles: readonly Role[];
  requires: readonly ApiPath[];
  /** wouter patterns, e.g. "/customers/:id"; lazy components keep a section's code out of the first load. */
  routes: {
    path: string;
    component: ComponentType;
    /** Starts the screen's requests when the app opens on this address, in parallel with sign-in. */
    prefetch?: (params: Record<string, string>, queryClient: QueryClient) => void;
  }[];
};

export const defineSection = (s: Section): Section => s;
