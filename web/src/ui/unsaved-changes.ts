import { useCallback, useEffect } from 'react';
import { useBrowserLocation } from 'wouter/use-browser-location';

// Forms with changes not yet saved, across the app: one guard for every SaveBar.
let dirtyForms = 0;
let leaving = false;
// Where the unsaved form is, to come back to when Back is pressed and the person stays.
let formUrl = '';
const QUESTION = 'You have unsaved changes. Leave without saving them?';

const onBeforeUnload = (e: BeforeUnloadEvent) => {
  if (dirtyForms === 0 || leaving) return;
  e.preventDefault();
  // Older browsers need a value here to show their "Leave site?" dialog.
  e.returnValue = '';
};

/**
 * Back and Forward change the URL before anyone can ask. This listener is added when this module
 * loads, before the router subscribes, so it runs first: when the person chooses to stay, the
 * form's URL is put back and the router never hears of the move. (Added later, it would run after
 * the router had already unmounted the form.)
 */
window.addEventListener('popstate', (e) => {
  if (dirtyForms === 0 || leaving) return;
  if (window.confirm(QUESTION)) return;
  e.stopImmediatePropagation();
  window.history.pushState(null, '', formUrl);
});

/** While `dirty`, closing or reloading the tab asks first, and so do in-app links and Back. */
export function useUnsavedChanges(dirty: boolean): void {
  useEffect(() => {
    if (!dirty) return;
    dirtyForms++;
    if (dirtyForms === 1) {
      formUrl = window.location.href;
      window.addEventListener('beforeunload', onBeforeUnload);
    }
    return () => {
      dirtyForms--;
      if (dirtyForms === 0) window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [dirty]);
}

/** True when nothing unsaved would be lost, or the person chose to lose it. */
export const confirmLeave = (): boolean => dirtyForms === 0 || leaving || window.confirm(QUESTION);

/** Navigates without asking: after a save, or on Cancel, which means "drop my changes". */
export function leaveWithoutAsking(go: () => void): void {
  leaving = true;
  try {
    go();
  } finally {
    leaving = false;
  }
}

/** wouter's browser location, whose navigate asks first when a form has unsaved changes. */
export function useGuardedLocation(): [string, (to: string, options?: { replace?: boolean }) => void] {
  const [location, navigate] = useBrowserLocation();
  const guarded = useCallback(
    (to: string, options?: { replace?: boolean }) => {
      if (confirmLeave()) navigate(to, options);
    },
    [navigate],
  );
  return [location, guarded];
}
