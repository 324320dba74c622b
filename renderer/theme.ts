export type ThemeChoice = 'auto' | 'day' | 'night';

/**
 * Day or night: `auto` follows prefers-color-scheme (the Electron shell sets it from the time of day
 * through nativeTheme; a kiosk browser from its own setting); a tap on the theme button overrides it.
 */
export function createTheme(body: HTMLElement, onChange: (choice: ThemeChoice) => void): { choice: ThemeChoice; cycle(): void } {
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  const stored = window.localStorage.getItem('homeward.theme');
  const theme = { choice: (stored === 'day' || stored === 'night' ? stored : 'auto') as ThemeChoice, cycle };
  const apply = () => {
    const resolved = theme.choice === 'auto' ? (media.matches ? 'night' : 'day') : theme.choice;
    body.dataset.theme = resolved;
    onChange(theme.choice);
  };
  function cycle(): void {
    theme.choice = theme.choice === 'auto' ? 'day' : theme.choice === 'day' ? 'night' : 'auto';
    window.localStorage.setItem('homeward.theme', theme.choice);
    apply();
  }
  media.addEventListener('change', apply);
  apply();
  return theme;
}
