// The dashboard's entry. It reaches the core only through core/api/protocol (lint-enforced), over
// the one Transport interface (Electron IPC or a WebSocket).
import { ApiClient, describeError } from './api-client.js';
import { DashboardState, type Slice } from './dashboard-state.js';
import { h, setText } from './dom.js';
import { applyLockout, driveLockout } from './drive-lockout.js';
import { createCarPanel } from './panels/car-panel.js';
import { createChartsPanel } from './panels/charts-panel.js';
import { createHomePanel } from './panels/home-panel.js';
import { createMapPanel } from './panels/map-panel.js';
import { createPairingView } from './panels/pairing-view.js';
import { createScenesPanel } from './panels/scenes-panel.js';
import { createTimelinePanel } from './panels/timeline-panel.js';
import { pickTransport } from './pick-transport.js';
import { createTheme, HEADLAMP_PATH } from './theme.js';

const TABS = [['home', 'Home'], ['scenes', 'Scenes'], ['timeline', 'Timeline'], ['charts', 'Charts']] as const;
type Tab = (typeof TABS)[number][0];

const state = new DashboardState();
const transport = pickTransport();
const client = new ApiClient(transport);

const toasts = h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite', 'data-testid': 'toasts' });
function report(message: string): void {
  const toast = h('button', { class: 'toast', 'aria-label': `${message} (tap to dismiss)` }, message);
  toast.addEventListener('click', () => toast.remove());
  toasts.append(toast);
  while (toasts.childElementCount > 3) toasts.firstElementChild?.remove();
  window.setTimeout(() => toast.remove(), 8000);
}

const car = createCarPanel(state);
const map = createMapPanel(state);
const panels = {
  home: createHomePanel(state, client),
  scenes: createScenesPanel(state, client, report),
  timeline: createTimelinePanel(state, client),
  charts: createChartsPanel(state, client),
};
let activeTab: Tab = 'home';

const connection = h('span', { class: 'connection', 'data-testid': 'connection' }, 'connecting…');
const lockBanner = h('span', { class: 'lock-banner', 'data-testid': 'lock-banner', role: 'status' });
const themeButton = h('button', { class: 'control theme-button', 'data-testid': 'theme' }, 'Theme');
const clock = h('span', { class: 'clock' });
const tabButtons = TABS.map(([id, label]) => {
  const button = h('button', { class: 'control tab', role: 'tab', 'data-testid': `tab-${id}`, 'aria-selected': String(id === activeTab) }, label);
  button.addEventListener('click', () => selectTab(id));
  return button;
});
const content = h('div', { class: 'tab-content' }, ...Object.entries(panels).map(([id, panel]) => {
  panel.element.hidden = id !== activeTab;
  return panel.element;
}));
const page = h('div', { class: 'page' },
  h('header', { class: 'topbar' }, h('span', { class: 'brand' }, 'Homeward'), connection, lockBanner, clock, themeButton),
  h('div', { class: 'layout' },
    h('aside', { class: 'side' }, car.element, map.element),
    h('main', { class: 'main' }, h('nav', { class: 'tabs', role: 'tablist' }, ...tabButtons), content)),
  toasts);
document.body.append(page);
const theme = createTheme(document.body, (choice) => {
  setText(themeButton, `Theme: ${choice}`);
  panels.charts.retheme();
  state.touch('signals');
});
themeButton.addEventListener('click', () => theme.cycle());

function selectTab(tab: Tab): void {
  activeTab = tab;
  for (const [id, panel] of Object.entries(panels)) panel.element.hidden = id !== tab;
  tabButtons.forEach((button, i) => button.setAttribute('aria-selected', String(TABS[i][0] === tab)));
  renderAll(new Set(['signals', 'vehicle', 'devices', 'timeline', 'scenes', 'automations']));
}

function renderAll(slices: ReadonlySet<Slice>): void {
  if (slices.has('signals')) {
    const headlamps = state.signals.get(HEADLAMP_PATH);
    theme.setHeadlamps(typeof headlamps?.value === 'boolean' && !headlamps.stale ? headlamps.value : null);
  }
  if (slices.has('signals') || slices.has('vehicle')) car.render();
  if (slices.has('vehicle')) map.render();
  if (activeTab === 'home' && (slices.has('devices') || slices.has('vehicle'))) panels.home.render();
  if (activeTab === 'scenes' && (slices.has('scenes') || slices.has('automations'))) panels.scenes.render();
  if (activeTab === 'timeline' && slices.has('timeline')) panels.timeline.render();
  panels.charts.render(activeTab === 'charts');
  if (slices.has('connection')) {
    setText(connection, state.connection.detail ? `${state.connection.state}: ${state.connection.detail}` : state.connection.state);
    connection.dataset.state = state.connection.state;
  }
  const lockout = driveLockout(state.derived);
  setText(lockBanner, lockout.reason);
  document.body.dataset.locked = String(lockout.locked);
  applyLockout(page, lockout);
}
state.onChange(renderAll);

// Subscribe first, then take the snapshot, so nothing falls between them.
async function load(): Promise<void> {
  try {
    await client.request('subscribe', { topics: ['signals', 'vehicle', 'devices', 'events', 'runs', 'automations', 'notifications'] });
    const snapshot = await client.request('snapshot', {});
    state.applySnapshot(snapshot);
    if (snapshot.dashboard) {
      theme.configure(snapshot.dashboard.theme);
      panels.charts.configure(snapshot.dashboard.charts);
    }
    state.setConnection('connected', transport.kind === 'ipc' ? 'app' : 'browser');
    const [runs, events] = await Promise.allSettled([client.request('automation.runs', { limit: 50 }), client.request('history.events', { limit: 100 })]);
    if (runs.status === 'fulfilled') state.addRuns(runs.value);
    if (events.status === 'fulfilled') state.addEvents(events.value);
  } catch (error) {
    report(`Could not load the dashboard: ${describeError(error).message}`);
  }
}

client.onUpdate((update) => state.apply(update));
client.onResync(() => void load());
const pairing = createPairingView();
transport.onStatus((status) => {
  if (status.state === 'open') {
    pairing.hide();
    void load();
  } else if (status.state === 'refused') {
    state.setConnection('not paired', status.reason);
    pairing.show(status.reason);
  } else if (status.state === 'closed') {
    state.setConnection('offline', `${status.reason}; retrying`);
  }
});

function frame(): void {
  state.flush();
  window.requestAnimationFrame(frame);
}
window.requestAnimationFrame(frame);
window.setInterval(() => setText(clock, new Date().toTimeString().slice(0, 5)), 1000);
setText(clock, new Date().toTimeString().slice(0, 5));
