import { type CSSVariablesResolver, createTheme, Modal, Notification } from '@mantine/core';

/**
 * Mantine's defaults with contrast raised to WCAG AA: filled buttons use shade 9 (white text
 * ≥ 4.5:1), "dimmed" text is gray 7 instead of gray 6, and light badges/buttons/alerts use
 * shade 9 (or darker) text on their tinted background.
 */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 9, dark: 5 },
  autoContrast: true,
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: {
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  },
  focusRing: 'auto',
  components: {
    // Mantine's close buttons are icons without a name; screen readers need one.
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss' } } }),
  },
});

const tinted = [
  'blue',
  'green',
  'yellow',
  'orange',
  'red',
  'gray',
  'teal',
  'grape',
  'cyan',
  'indigo',
  'violet',
];

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
    ...Object.fromEntries(
      tinted.map((c) => [`--mantine-color-${c}-light-color`, `var(--mantine-color-${c}-9)`]),
    ),
    // Shade 9 of these is still under 4.5:1 on their tint; these darker tones pass (≥ 5.6:1).
    '--mantine-color-green-light-color': '#237032',
    '--mantine-color-yellow-light-color': '#8a4a00',
    '--mantine-color-orange-light-color': '#a83808',
    '--tenure-color-warning-text': '#a83808',
  },
  dark: {},
});
