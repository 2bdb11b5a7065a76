// Kedro Lens run profile webview: renders the profile the extension posts; no network, no inline code (CSP).
/** @typedef {import('../common/webviewMessages').ProfileMessageToPanel} ProfileToPanel */
/** @typedef {import('../common/webviewMessages').ProfileMessageFromPanel} ProfileFromPanel */
/** @typedef {import('../common/runTypes').Profile} Profile */
/** @typedef {import('../common/runTypes').NodeProfile} NodeProfile */
(function () {
  /** @type {VsCodeWebviewApi<ProfileFromPanel, unknown>} */
  const vscode = acquireVsCodeApi();
  const app = /** @type {HTMLElement} */ (document.getElementById('app'));
  /** @type {ProfileToPanel | null} */
  let state = null;
  /** @type {string} */
  let sortKey = 'duration';

  /**
   * @param {string} tag
   * @param {Record<string, any>} attrs `svg: true` for SVG elements
   * @param {...(Node | string | number)} children
   * @returns {any}
   */
  const el = (tag, attrs, ...children) => {
    const e = document.createElementNS(tag === 'svg' || attrs.svg ? 'http://www.w3.org/2000/svg' : 'http://www.w3.org/1999/xhtml', tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'svg' || v === undefined) continue;
      if (k === 'onclick') e.addEventListener('click', v);
      else if (k === 'width%') /** @type {HTMLElement} */ (e).style.width = `${v}%`; // CSSOM, allowed by the CSP (style attributes are not)
      else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  };
  const secs = (/** @type {number} */ s) => (s < 1 ? `${Math.round(s * 1000)} ms` : `${s.toFixed(2)} s`);
  const reveal = (/** @type {string} */ name) => vscode.postMessage({ type: 'reveal', node: name });

  function timeline(/** @type {Profile} */ p) {
    const width = 900, laneH = 26, left = 150;
    const wall = Math.max(p.totals.wall, ...p.nodes.map((n) => n.end), 0.001);
    const x = (/** @type {number} */ t) => left + (t / wall) * (width - left - 10);
    const svg = el('svg', { svg: true, width: '100%', viewBox: `0 0 ${width} ${p.lanes.length * laneH + 24}`, role: 'img', 'aria-label': 'Timeline of nodes per worker' });
    const critical = new Set(p.criticalPath);
    p.lanes.forEach((lane, i) => {
      const y = i * laneH;
      svg.append(el('rect', { svg: true, class: 'lane', x: left, y: y + 2, width: width - left - 10, height: laneH - 4 }));
      svg.append(el('text', { svg: true, x: 4, y: y + 17 }, lane.worker));
      for (const n of p.nodes.filter((m) => m.worker === lane.worker)) {
        const r = el('rect', { svg: true, class: `node ${n.status === 'failed' ? 'failed' : ''} ${critical.has(n.name) ? 'critical' : ''}`, x: x(n.start), y: y + 4, width: Math.max(2, x(n.end) - x(n.start)), height: laneH - 8, onclick: () => reveal(n.name) });
        r.append(el('title', { svg: true }, `${n.name}: ${secs(n.duration)}`));
        svg.append(r);
      }
    });
    svg.append(el('text', { svg: true, x: left, y: p.lanes.length * laneH + 16 }, '0 s'));
    svg.append(el('text', { svg: true, x: width - 60, y: p.lanes.length * laneH + 16 }, secs(wall)));
    return svg;
  }

  function table(/** @type {Profile} */ p) {
    if (!state) return null;
    /** @type {Map<string, number>} */
    const prev = new Map((state.previous ? state.previous.profile.nodes : []).map((n) => [n.name, n.duration]));
    const cols = [['name', 'Node'], ['duration', 'Duration'], ...(prev.size ? [['delta', 'Δ previous']] : []), ['loadTime', 'Load'], ['saveTime', 'Save'], ['peakRssKb', 'Peak RSS'], ['worker', 'Worker'], ['status', 'Status']];
    /** @type {(NodeProfile & { delta?: number } & Record<string, any>)[]} */
    const rows = [...p.nodes].map((n) => /** @type {NodeProfile & { delta?: number } & Record<string, any>} */ ({ ...n, delta: prev.has(n.name) ? n.duration - /** @type {number} */ (prev.get(n.name)) : undefined })).sort((a, b) => (typeof a[sortKey] === 'number' ? (b[sortKey] ?? 0) - (a[sortKey] ?? 0) : String(a[sortKey]).localeCompare(String(b[sortKey]))));
    const critical = new Set(p.criticalPath);
    return el('table', {},
      el('thead', {}, el('tr', {}, ...cols.map(([k, label]) => el('th', { class: k === sortKey ? 'sorted' : '', onclick: () => { sortKey = k; render(); } }, label)))),
      el('tbody', {}, ...rows.map((n) => el('tr', { class: critical.has(n.name) ? 'critical' : '' },
        el('td', {}, el('a', { class: 'node-link', onclick: () => reveal(n.name) }, n.name)),
        el('td', { class: 'num' }, secs(n.duration)),
        ...(prev.size ? [el('td', { class: `num ${n.delta !== undefined && n.delta > 0.05 * n.duration ? 'slower' : ''}` }, n.delta === undefined ? '—' : `${n.delta >= 0 ? '+' : '−'}${secs(Math.abs(n.delta))}`)] : []),
        el('td', { class: 'num' }, secs(n.loadTime)),
        el('td', { class: 'num' }, secs(n.saveTime)),
        el('td', { class: 'num' }, n.peakRssKb ? `${Math.round(n.peakRssKb / 1024)} MB` : '—'),
        el('td', {}, n.worker),
        el('td', { class: `status-${n.status}` }, n.status)))));
  }

  function render() {
    if (!state) return;
    const { summary: s, profile: p, commandLine } = state;
    const t = p.totals;
    const sum = Math.max(t.load + t.compute + t.save, 0.000001);
    if (s.status === 'not-started') {
      app.replaceChildren(
        el('h1', {}, 'Kedro run ', el('span', { class: 'status-failed' }, 'did not start')),
        el('p', {}, el('span', { class: 'cmd' }, commandLine)),
        el('p', {}, s.error ?? ''));
      return;
    }
    app.replaceChildren(
      el('h1', {}, 'Kedro run ', el('span', { class: `status-${s.status}` }, s.status)),
      el('p', {}, el('span', { class: 'cmd' }, commandLine)),
      el('p', { class: 'muted' }, `${s.done}/${s.total} nodes · ${s.env ? `env ${s.env} · ` : ''}${s.runner ?? ''}${s.failedNode ? ` · failed at ${s.failedNode}: ${s.error ?? ''}` : ''}`),
      el('div', { class: 'totals' },
        el('div', {}, el('b', {}, secs(t.wall)), 'wall time'),
        el('div', {}, el('b', {}, secs(t.load)), 'loading'),
        el('div', {}, el('b', {}, secs(t.compute)), 'computing'),
        el('div', {}, el('b', {}, secs(t.save)), 'saving')),
      el('div', { class: 'bar', title: 'loading / computing / saving' },
        el('div', { class: 'load', 'width%': (t.load / sum) * 100 }),
        el('div', { class: 'compute', 'width%': (t.compute / sum) * 100 }),
        el('div', { class: 'save', 'width%': (t.save / sum) * 100 })),
      el('h2', {}, 'Timeline'),
      timeline(p),
      el('p', { class: 'muted' }, `Critical path: ${p.criticalPath.join(' → ') || '—'}`),
      el('h2', {}, 'Nodes'),
      table(p),
    );
  }

  window.addEventListener('message', (/** @type {MessageEvent<ProfileToPanel>} */ e) => {
    if (e.data && e.data.type === 'profile') {
      state = e.data;
      render();
    }
  });
  vscode.postMessage({ type: 'ready' });
})();
