import type { MiioFamily, MiioProperty } from '../model.js';

/** Mi Smart Plugs, legacy miIO (python-miio chuangmi_plug.py). Three get_prop tables, hence three variants. */
export const CHUANGMI_PLUG_MODELS = [
  'chuangmi.plug.m1',
  'chuangmi.plug.m3',
  'chuangmi.plug.v2',
  'chuangmi.plug.hmi205',
  'chuangmi.plug.hmi206',
  'chuangmi.plug.hmi208',
] as const;
export const CHUANGMI_PLUG_V1_MODELS = ['chuangmi.plug.v1'] as const;
export const CHUANGMI_PLUG_V3_MODELS = ['chuangmi.plug.v3'] as const;

const temperature: MiioProperty = {
  name: 'temperature',
  type: 'int',
  unit: '°C',
  readable: true,
  writable: false,
  get: { method: 'get_prop', key: 'temperature' },
};

/** The v1/v3 switch and USB port report JSON booleans under `on` / `usb_on`. */
const usbOn: MiioProperty = {
  name: 'usb_power',
  type: 'bool',
  readable: true,
  writable: true,
  get: { method: 'get_prop', key: 'usb_on' },
  set: { method: { true: 'set_usb_on', false: 'set_usb_off' }, params: [] },
};

export const chuangmiPlug: MiioFamily = {
  id: 'chuangmi-plug',
  title: 'Mi Smart Plug (WiFi)',
  protocol: 'miio',
  models: CHUANGMI_PLUG_MODELS,
  unknownPropValue: null,
  properties: [
    {
      name: 'power',
      type: 'bool',
      boolWire: ['on', 'off'],
      readable: true,
      writable: true,
      get: { method: 'get_prop', key: 'power' },
      set: { method: 'set_power', params: ['$value'] },
    },
    temperature,
  ],
  actions: [],
};

export const chuangmiPlugV1: MiioFamily = {
  id: 'chuangmi-plug-v1',
  title: 'Mi Smart Power Plug v1 (USB)',
  protocol: 'miio',
  models: CHUANGMI_PLUG_V1_MODELS,
  unknownPropValue: null,
  properties: [
    {
      name: 'power',
      type: 'bool',
      readable: true,
      writable: true,
      get: { method: 'get_prop', key: 'on' },
      set: { method: { true: 'set_on', false: 'set_off' }, params: [] },
    },
    usbOn,
    temperature,
  ],
  actions: [],
};

export const chuangmiPlugV3: MiioFamily = {
  id: 'chuangmi-plug-v3',
  title: 'Mi Smart Power Plug v3 (USB, power metering)',
  protocol: 'miio',
  models: CHUANGMI_PLUG_V3_MODELS,
  unknownPropValue: null,
  properties: [
    {
      name: 'power',
      type: 'bool',
      readable: true,
      writable: true,
      get: { method: 'get_prop', key: 'on' },
      set: { method: 'set_power', params: ['$value'] },
      boolWire: ['on', 'off'],
    },
    usbOn,
    temperature,
    {
      name: 'wifi_led',
      type: 'bool',
      boolWire: ['on', 'off'],
      readable: true,
      writable: true,
      get: { method: 'get_prop', key: 'wifi_led' },
      set: { method: 'set_wifi_led', params: ['$value'] },
    },
    // get_power answers [centi-watts].
    { name: 'load_power', type: 'float', unit: 'W', scale: 0.01, readable: true, writable: false, get: { method: 'get_power', key: 0 } },
  ],
  actions: [],
};
