import { approach, type BehaviourOptions, type SimBehaviour, type SimState } from '../behaviour.js';

const IDLE_TEMP_C = 25;
const LOADED_TEMP_C = 32;
const LOAD_W = 25;

/** A smart plug: power toggles, the load draws ~25 W when on, the plug warms up under load. */
export function createPlugBehaviour(opts: BehaviourOptions & { properties: readonly string[] }): SimBehaviour {
  const has = (name: string): boolean => opts.properties.includes(name);
  let temperature = IDLE_TEMP_C;
  const initial: SimState = { power: true, temperature: IDLE_TEMP_C };
  if (has('usb_power')) initial.usb_power = false;
  if (has('wifi_led')) initial.wifi_led = true;
  if (has('load_power')) initial.load_power = LOAD_W;

  return {
    initial,
    step(state, stepS) {
      temperature = approach(temperature, state.power ? LOADED_TEMP_C : IDLE_TEMP_C, 0.01 * stepS);
      state.temperature = Math.round(temperature);
      if (has('load_power')) state.load_power = state.power ? Math.round((LOAD_W + (opts.random() - 0.5)) * 100) / 100 : 0;
    },
    onSet(state, name, value) {
      if (name === 'power' && has('load_power') && !value) state.load_power = 0;
    },
  };
}
