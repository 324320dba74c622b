export type ThemeChoice = 'auto' | 'day' | 'night';

/** VSS 4.0: the low beam; when the car reports it, `auto` follows the headlamps. */
export const HEADLAMP_PATH = 'Vehicle.Body.Lights.Beam.Low.IsOn';

export interface Theme {
  readonly choice: ThemeChoice;
  /** The config's `dashboard.theme`, unless this screen's user chose one. */
  configure(choice: ThemeChoice): void;
  setHeadlamps(on: boolean | null): void;
  /** The theme button: auto → day → night → auto. */
  cycle(): void;
}

/**
 * Day or night. `auto`: the headlamps when the car reports them (the light sensor switches them),
 * else the time of day (07:00–19:00 is day). The same layout in both; no animated switch.
 */
export function createTheme(body: HTMLElement, onChange: (choice: ThemeChoice) => void): Theme {
  const stored = window.localStorage.getItem('homeward.theme');
  let choice: ThemeChoice = stored === 'day' || stored === 'night' || stored === 'auto' ? stored : 'auto';
  let headlamps: boolean | null = null;
  const resolved = (): 'day' | 'night' => {
    if (choice !== 'auto') return choice;
    if (headlamps !== null) return headlamps ? 'night' : 'day';
    const hour = new Date().getHours();
    return hour >= 7 && hour < 19 ? 'day' : 'night';
  };
  const apply = (force = false) => {
    const next = resolved();
    if (!force && body.dataset.theme === next) return;
    body.dataset.theme = next;
    onChange(choice);
  };
  window.setInterval(() => apply(), 60_000);
  apply(true);
  return {
    get choice() {
      return choice;
    },
    configure(configured) {
      if (stored !== null || configured === choice) return;
      choice = configured;
      apply(true);
    },
    setHeadlamps(on) {
      headlamps = on;
      apply();
    },
    cycle() {
      choice = choice === 'auto' ? 'day' : choice === 'day' ? 'night' : 'auto';
      window.localStorage.setItem('homeward.theme', choice);
      apply(true);
    },
  };
}
