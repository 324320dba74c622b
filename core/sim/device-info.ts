export interface DeviceInfoOptions {
  readonly model: string;
  readonly address: string;
  readonly mac: string;
  readonly fwVer: string;
  readonly hwVer: string;
  /** Hex token to include in miIO.info; real firmware varies, the default leaves it out. */
  readonly infoToken?: string;
}

/** The `miIO.info` result, shaped like python-miio's simulators and real replies (deviceinfo.py). */
export function deviceInfo(opts: DeviceInfoOptions, uptimeS: number): Record<string, unknown> {
  return {
    life: uptimeS,
    cfg_time: 0,
    ...(opts.infoToken === undefined ? {} : { token: opts.infoToken }),
    mac: opts.mac,
    fw_ver: opts.fwVer,
    hw_ver: opts.hwVer,
    model: opts.model,
    mcu_fw_ver: '0001',
    wifi_fw_ver: 'SD878x-14.76.36.p84-702.1.0-WM',
    ap: { rssi: -45, ssid: 'homeward-sim', bssid: 'AA:BB:CC:DD:EE:FF' },
    netif: { localIp: opts.address, mask: '255.0.0.0', gw: '127.0.0.1' },
    mmfree: 27968,
    ot: 'otu',
    ott_stat: [0, 0, 0, 0],
    otu_stat: [101, 74, 5343, 0, 5327, 407],
  };
}
