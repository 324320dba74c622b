import type { DashboardState } from '../dashboard-state.js';
import { h, setText, svg } from '../dom.js';
import { formatDistance, formatDuration } from '../format.js';

const EARTH_RADIUS_M = 6_371_008.8;
const SIZE = 400;

/** Local equirectangular projection around home: metres east (x) and north (y). */
export function project(home: { latitude: number; longitude: number }, latitude: number, longitude: number): { x: number; y: number } {
  const rad = Math.PI / 180;
  return {
    x: EARTH_RADIUS_M * (longitude - home.longitude) * rad * Math.cos(home.latitude * rad),
    y: EARTH_RADIUS_M * (latitude - home.latitude) * rad,
  };
}

/**
 * A map without tiles (no internet, and OSM forbids bulk downloads): home zone, approach ring, the
 * car's track and position drawn in SVG around home, with distance and ETA from the core.
 */
export function createMapPanel(state: DashboardState): { element: HTMLElement; render(): void } {
  const root = svg('svg', { class: 'map', viewBox: `0 0 ${SIZE} ${SIZE}`, 'data-testid': 'map', role: 'img', 'aria-label': 'Map around home' });
  const approach = svg('circle', { class: 'map-approach', cx: SIZE / 2, cy: SIZE / 2, r: 0 });
  const zone = svg('circle', { class: 'map-zone', cx: SIZE / 2, cy: SIZE / 2, r: 0 });
  const homeMark = svg('rect', { class: 'map-home', x: SIZE / 2 - 7, y: SIZE / 2 - 7, width: 14, height: 14 });
  const track = svg('polyline', { class: 'map-track', points: '', 'data-testid': 'map-track' });
  const car = svg('circle', { class: 'map-car', r: 9, cx: -100, cy: -100, 'data-testid': 'map-car' });
  const scaleBar = svg('line', { class: 'map-scale', x1: 16, y1: SIZE - 20, x2: 116, y2: SIZE - 20 });
  const scaleText = svg('text', { class: 'map-text', x: 16, y: SIZE - 32 });
  const north = svg('text', { class: 'map-text', x: SIZE - 60, y: 36 });
  north.textContent = 'N↑';
  root.append(approach, zone, homeMark, track, car, scaleBar, scaleText, north);
  const distance = h('span', { class: 'value', 'data-testid': 'map-distance' }, '—');
  const eta = h('span', { class: 'value', 'data-testid': 'map-eta' }, '—');
  const presence = h('span', { class: 'value', 'data-testid': 'map-presence' }, '—');
  const element = h('section', { class: 'panel map-panel', 'data-testid': 'map-panel', 'aria-label': 'Map' },
    root,
    h('div', { class: 'map-info' },
      h('div', { class: 'field' }, distance, h('span', { class: 'label' }, 'to home')),
      h('div', { class: 'field' }, eta, h('span', { class: 'label' }, 'ETA')),
      h('div', { class: 'field' }, presence, h('span', { class: 'label' }, 'presence'))),
  );

  return {
    element,
    render() {
      const p = state.presence;
      setText(distance, formatDistance(p?.distance_m));
      setText(eta, p?.eta_s === null || p?.eta_s === undefined ? '—' : formatDuration(p.eta_s));
      setText(presence, p?.state === 'home' ? 'home' : p?.state === 'not_home' ? 'away' : 'unknown');
      const home = state.home;
      if (!home) return;
      // The view spans the approach ring, or the car if it is further out.
      const carXY = p && p.latitude !== null && p.longitude !== null ? project(home, p.latitude, p.longitude) : null;
      const extentM = Math.max(home.approach_radius_m * 1.15, carXY ? Math.hypot(carXY.x, carXY.y) * 1.15 : 0, 50);
      const pxPerM = SIZE / 2 / extentM;
      const toPx = (xy: { x: number; y: number }) => [SIZE / 2 + xy.x * pxPerM, SIZE / 2 - xy.y * pxPerM] as const;
      approach.setAttribute('r', (home.approach_radius_m * pxPerM).toFixed(1));
      zone.setAttribute('r', Math.max(4, home.radius_m * pxPerM).toFixed(1));
      // At most one track point per 2 px.
      const points: string[] = [];
      let lastPx: readonly [number, number] | null = null;
      for (const point of state.track) {
        const px = toPx(project(home, point.latitude, point.longitude));
        if (lastPx && Math.hypot(px[0] - lastPx[0], px[1] - lastPx[1]) < 2) continue;
        points.push(`${px[0].toFixed(1)},${px[1].toFixed(1)}`);
        lastPx = px;
      }
      track.setAttribute('points', points.join(' '));
      if (carXY) {
        const [cx, cy] = toPx(carXY);
        car.setAttribute('cx', cx.toFixed(1));
        car.setAttribute('cy', cy.toFixed(1));
      }
      const barM = niceLength(extentM / 2);
      scaleBar.setAttribute('x2', (16 + barM * pxPerM).toFixed(1));
      setText(scaleText, formatDistance(barM));
    },
  };
}

function niceLength(maxM: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(maxM));
  for (const step of [5, 2, 1]) if (step * magnitude <= maxM) return step * magnitude;
  return magnitude;
}
