import { approach, clamp, type BehaviourOptions, type SimBehaviour, type SimState } from '../behaviour.js';

const AMBIENT_AQI = 60;
/** Fraction of the outdoor/indoor difference that leaks in per second. */
const LEAK_PER_S = 0.002;
/** Fraction of the indoor PM2.5 removed per second at full speed (2000 rpm). */
const CLEAN_PER_S_AT_FULL = 0.01;
const FULL_RPM = 2000;
const RPM_SLEW_PER_S = 200;

/**
 * A room with a purifier: AQI leaks in from outside (with a seeded drift) and is removed in proportion
 * to the motor speed, which follows the mode (auto follows the AQI, favorite the level/rpm).
 */
export function createAirPurifierBehaviour(opts: BehaviourOptions & { protocol: 'miio' | 'miot' }): SimBehaviour {
  const miio = opts.protocol === 'miio';
  let aqi = 35;
  let averageAqi = 35;
  let ambient = AMBIENT_AQI;
  let rpm = 0;
  let hoursUsed = 682;
  let purifyVolume = 25262;

  const initial: SimState = miio
    ? {
        power: true, aqi: 35, average_aqi: 35, humidity: 62, temperature: 18.6, mode: 'auto', favorite_level: 10,
        filter_life_remaining: 80, filter_hours_used: 682, filter_lifetime: 3500, use_time: 2457000, motor_speed: 0,
        purify_volume: 25262, led: true, led_brightness: 'bright', buzzer: false, child_lock: false, volume: 50, learn_mode: false,
      }
    : {
        power: true, mode: 'auto', aqi: 35, filter_life_remaining: 80, filter_hours_used: 682, buzzer: false,
        led_brightness_level: 8, child_lock: false, motor_speed: 0, favorite_rpm: 1200,
      };

  function targetRpm(state: SimState): number {
    if (!state.power) return 0;
    switch (state.mode) {
      case 'idle':
        return 0;
      case 'silent':
        return 400;
      case 'fan':
        return 1000;
      case 'favorite':
        return miio ? 300 + Number(state.favorite_level) * 100 : Number(state.favorite_rpm);
      default:
        return clamp(400 + aqi * 15, 400, FULL_RPM);
    }
  }

  return {
    initial,
    step(state, stepS) {
      ambient = clamp(ambient + (opts.random() - 0.5) * 0.5 + (AMBIENT_AQI - ambient) * 0.001, 20, 150);
      rpm = approach(rpm, targetRpm(state), RPM_SLEW_PER_S * stepS);
      aqi = Math.max(0, aqi + stepS * ((ambient - aqi) * LEAK_PER_S - aqi * (rpm / FULL_RPM) * CLEAN_PER_S_AT_FULL));
      averageAqi += (aqi - averageAqi) * 0.001 * stepS;
      if (state.power) {
        hoursUsed += stepS / 3600;
        purifyVolume += (rpm / FULL_RPM) * 0.1 * stepS;
      }
      state.aqi = Math.round(aqi);
      state.motor_speed = Math.round(rpm);
      state.filter_hours_used = Math.floor(hoursUsed);
      state.filter_life_remaining = clamp(Math.round(100 - (hoursUsed / 3500) * 100), 0, 100);
      if (miio) {
        state.average_aqi = Math.round(averageAqi);
        state.purify_volume = Math.floor(purifyVolume);
        if (state.power) state.use_time = Number(state.use_time) + stepS;
      }
    },
    action(state, name) {
      if (name !== 'reset_filter' && name !== 'reset_filter_life') return undefined;
      hoursUsed = 0;
      state.filter_hours_used = 0;
      state.filter_life_remaining = 100;
      return miio ? { result: ['ok'] } : { result: { code: 0, out: [] } };
    },
    internals: () => ({ aqi, ambient, rpm }),
  };
}
