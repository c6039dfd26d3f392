/** The desk's screens, in the order of their keyboard shortcuts. */
export const SCREENS = [
  { id: 'blotter', label: 'Blotter', key: '1' },
  { id: 'quotes', label: 'Quotes', key: '2' },
  { id: 'hedges', label: 'Hedges', key: '3' },
  { id: 'risk', label: 'Risk', key: '4' },
  { id: 'surface', label: 'Surface', key: '5' },
  { id: 'history', label: 'History', key: '6' },
  { id: 'backtests', label: 'Backtests', key: '7' },
  { id: 'settings', label: 'Settings', key: '8' },
] as const;

export type Screen = (typeof SCREENS)[number]['id'];

export function screenForKey(key: string): Screen | null {
  return SCREENS.find((screen) => screen.key === key)?.id ?? null;
}
