// Kedro Lens pipeline graph webview: draws the positioned scene the extension posts (SVG), zoom/pan, hover highlight,
// and sends the user's requests back (open, focus, filters, export). No network, no inline code (CSP).
(function () {
  const vscode = acquireVsCodeApi();
  const SVG = 'http://www.w3.org/2000/svg';
  const toolbar = document.getElementById('toolbar');
  const stage = document.getElementById('stage');
  const legend = document.getElementById('legend');
  const LAYERS = ['raw', 'intermediate', 'primary', 'feature', 'model_input', 'models', 'model_output', 'reporting'];
  const saved = vscode.getState() || { views: {} };
  let current = null; // last 'graph' message
  let svg = null;
  let viewport = null;
  let view = { k: 1, x: 0, y: 0 };
  let drawnPipeline = null;
  let drawnFilter = null;
  let searchTimer = null;

  const el = (tag, attrs, ...children) => {
    const e = tag.startsWith('svg:') ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === false) continue;
      if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  };
  const post = (m) => vscode.postMessage(m);
  const secs = (s) => (s < 1 ? `${Math.round(s * 1000)} ms` : `${s.toFixed(1)} s`);

  // ---- toolbar -------------------------------------------------------------------------------------------------------
  function renderToolbar(state) {
    if (!state) return toolbar.replaceChildren();
    const select = el('select', { id: 'pipeline', title: 'Pipeline', onchange: (e) => post({ type: 'pipeline', name: e.target.value }) },
      ...state.pipelines.map((p) => el('option', { value: p, selected: p === state.pipeline }, p)));
    const search = el('input', { id: 'search', type: 'search', placeholder: 'Search nodes and datasets', value: state.search, title: 'Highlight matches; Enter centres the next one' });
    search.addEventListener('input', () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(() => post({ type: 'search', text: search.value }), 150);
    });
    search.addEventListener('keydown', (e) => { if (e.key === 'Enter') centreNextMatch(); });
    const tags = state.tags.length
      ? el('details', { class: 'tags' }, el('summary', {}, state.selectedTags.length ? `Tags: ${state.selectedTags.join(', ')}` : 'Tags: all'),
        el('div', { class: 'menu' }, ...state.tags.map((t) => el('label', {}, el('input', { type: 'checkbox', value: t, checked: state.selectedTags.includes(t), onchange: () => {
          const picked = [...toolbar.querySelectorAll('.tags input:checked')].map((i) => i.value);
          post({ type: 'tags', tags: picked });
        } }), ` ${t}`))))
      : null;
    const params = el('label', { class: 'check', title: 'Show parameters (params:…) as inputs' }, el('input', { type: 'checkbox', checked: !state.hideParameters, onchange: (e) => post({ type: 'hideParameters', hide: !e.target.checked }) }), ' Parameters');
    const ns = state.namespaces.length
      ? el('span', { class: 'group' },
        el('button', { onclick: () => post({ type: 'collapseAll', collapsed: false }), title: 'Expand every namespace' }, 'Expand all'),
        el('button', { onclick: () => post({ type: 'collapseAll', collapsed: true }), title: 'Collapse every namespace into one box' }, 'Collapse all'))
      : null;
    const focus = state.focus ? el('span', { class: 'focus' }, `Focus: ${state.focusLabel}`, el('button', { onclick: () => post({ type: 'focus' }), title: 'Show the whole pipeline (Esc)' }, '✕')) : null;
    toolbar.replaceChildren(...[select, search, tags, params, ns, focus].filter(Boolean),
      el('span', { class: 'spacer' }),
      el('span', { class: 'stats' }, countsText()),
      el('button', { onclick: fit, title: 'Fit the graph to the view' }, 'Fit'),
      el('button', { onclick: () => exportAs('svg'), title: 'Save as SVG' }, 'SVG'),
      el('button', { onclick: () => exportAs('png'), title: 'Save as PNG' }, 'PNG'));
  }

  // What is drawn, in the user's words; with a search, how many boxes match it.
  function countsText() {
    const scene = current && current.scene;
    if (!scene) return '';
    const count = (kind) => scene.vertices.filter((v) => v.kind === kind).length;
    const plural = (n, word) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
    const parts = [plural(count('node'), 'node'), plural(count('dataset'), 'dataset')];
    if (count('namespace')) parts.push(`${plural(count('namespace'), 'collapsed namespace')}`);
    const text = parts.join(' · ');
    if (!current.state || !current.state.search) return text;
    const hits = scene.vertices.filter((v) => v.match).length;
    return `${hits ? `${hits.toLocaleString('en')} match${hits === 1 ? '' : 'es'}` : 'no match'} · ${text}`;
  }

  function renderLegend(state, scene) {
    if (!scene) return legend.replaceChildren();
    const layers = [...new Set(scene.vertices.filter((v) => v.layerIndex !== undefined).map((v) => v.layerIndex))].sort((a, b) => a - b);
    const item = (cls, text) => el('span', { class: 'item' }, el('span', { class: `swatch ${cls}` }), text);
    legend.replaceChildren(
      ...layers.map((i) => item(`layer-${i}`, LAYERS[i] || scene.vertices.find((v) => v.layerIndex === i).layer)),
      item('kind-node', 'node'), item('kind-dataset', 'dataset'), item('kind-parameters', 'parameters'),
      ...(state && state.namespaces.length ? [item('kind-namespace', 'namespace')] : []),
      item('sev-error', 'problem'),
      ...(state && state.hasRun ? [item('status-success', 'last run ok'), item('status-failed', 'last run failed')] : []),
      el('span', { class: 'hint' }, 'Click: open · Shift+click: focus · wheel: zoom · drag: pan'));
  }

  // ---- scene ---------------------------------------------------------------------------------------------------------
  function edgePath(points) {
    let d = `M${points[0][0]},${points[0][1]}`;
    for (let i = 1; i < points.length; i++) {
      const [x0, y0] = points[i - 1];
      const [x1, y1] = points[i];
      const dy = (y1 - y0) / 2;
      d += ` C${x0},${y0 + dy} ${x1},${y1 - dy} ${x1},${y1}`;
    }
    return d;
  }

  function renderScene(scene) {
    const neighbours = new Map();
    const link = (a, b) => (neighbours.get(a) || neighbours.set(a, new Set()).get(a)).add(b);
    for (const e of scene.edges) { link(e.from, e.to); link(e.to, e.from); }
    // The current zoom and pan at once: a redraw must not show one frame (or a test one read) without them.
    viewport = el('svg:g', { id: 'viewport', transform: `translate(${view.x},${view.y}) scale(${view.k})` });
    svg = el('svg:svg', { id: 'graph', role: 'img', 'aria-label': `Pipeline graph: ${scene.vertices.length} boxes` },
      el('svg:defs', {},
        el('svg:marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, el('svg:path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow' })),
        el('svg:marker', { id: 'arrow-hl', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, el('svg:path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow hl' }))),
      viewport);
    for (const g of scene.groups) {
      viewport.append(el('svg:g', { class: 'ns-group', 'data-ns': g.ns },
        el('svg:rect', { x: g.x, y: g.y, width: g.w, height: g.h, rx: 8 }),
        el('svg:text', { x: g.x + 10, y: g.y + 19, class: 'ns-header', onclick: (ev) => { ev.stopPropagation(); post({ type: 'toggleNamespace', ns: g.ns }); } },
          el('svg:title', {}, `Namespace ${g.ns}: click to collapse`), `▾ ${g.label}`)));
    }
    const edgeEls = [];
    for (const e of scene.edges) {
      const p = el('svg:path', { class: 'edge', d: edgePath(e.points), 'marker-end': 'url(#arrow)', 'stroke-width': e.count > 1 ? Math.min(4, 1 + Math.log2(e.count)) : undefined, 'data-from': e.from, 'data-to': e.to },
        e.count > 1 ? el('svg:title', {}, `${e.count} connections`) : null);
      edgeEls.push(p);
      viewport.append(p);
    }
    const vertexEls = new Map();
    for (const v of scene.vertices) {
      const cls = ['vertex', `kind-${v.kind}`, v.layerIndex !== undefined ? `layer-${v.layerIndex}` : '', v.severity ? `sev-${v.severity}` : '', v.missing ? 'missing' : '', v.match ? 'match' : '', v.status ? `status-${v.status}` : '', v.canOpen || v.kind === 'namespace' ? 'clickable' : ''].filter(Boolean).join(' ');
      const rx = v.kind === 'node' ? 4 : v.kind === 'namespace' ? 6 : v.h / 2;
      const g = el('svg:g', { class: cls, 'data-id': v.id, transform: `translate(${v.x},${v.y})`, tabindex: 0 },
        el('svg:title', {}, v.title),
        el('svg:rect', { class: 'box', width: v.w, height: v.h, rx }),
        v.kind === 'namespace' ? el('svg:rect', { class: 'inner', x: 3, y: 3, width: v.w - 6, height: v.h - 6, rx: 4 }) : null,
        // The layer as a dot inside the pill's rounded end (a bar would stick out of the curve).
        v.layerIndex !== undefined ? el('svg:circle', { class: 'stripe', cx: v.h / 2, cy: v.h / 2, r: 5 }) : null,
        el('svg:text', { class: 'label', x: v.w / 2 + (v.layerIndex !== undefined ? 6 : 0), y: v.h / 2 + 4, 'text-anchor': 'middle' }, v.kind === 'namespace' ? `▸ ${v.label}` : v.label),
        v.status ? el('svg:circle', { class: 'status-dot', cx: v.w - 1, cy: 1, r: 5 }) : null,
        v.duration !== undefined ? el('svg:text', { class: 'duration', x: v.w, y: v.h + 12, 'text-anchor': 'end' }, secs(v.duration)) : null);
      g.addEventListener('click', (ev) => {
        ev.stopPropagation();
        // Shift, not Alt: releasing Alt moves the keyboard to the menu bar in VS Code for the web and on Linux/Windows.
        if ((ev.shiftKey || ev.altKey) && v.kind !== 'namespace') post({ type: 'focus', id: v.id });
        else if (v.canOpen || v.kind === 'namespace') post({ type: 'open', id: v.id });
      });
      g.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') post({ type: 'open', id: v.id }); });
      g.addEventListener('mouseenter', () => highlight(v.id, neighbours, edgeEls, vertexEls));
      g.addEventListener('mouseleave', () => highlight(null, neighbours, edgeEls, vertexEls));
      vertexEls.set(v.id, g);
      viewport.append(g);
    }
    stage.replaceChildren(svg);
    attachZoom();
  }

  function highlight(id, neighbours, edgeEls, vertexEls) {
    svg.classList.toggle('hovering', !!id);
    const near = id ? neighbours.get(id) || new Set() : new Set();
    for (const [vid, g] of vertexEls) g.classList.toggle('hl', !!id && (vid === id || near.has(vid)));
    for (const p of edgeEls) {
      const on = !!id && (p.dataset.from === id || p.dataset.to === id);
      p.classList.toggle('hl', on);
      p.setAttribute('marker-end', on ? 'url(#arrow-hl)' : 'url(#arrow)');
    }
  }

  // ---- zoom and pan --------------------------------------------------------------------------------------------------
  // One transform write per frame: wheel and pointer events come faster than a 5,000-box SVG repaints.
  let frame = 0;
  function apply() {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      if (!viewport) return;
      viewport.setAttribute('transform', `translate(${view.x},${view.y}) scale(${view.k})`);
      // Text below ~5 px is unreadable and the costliest thing to paint: hidden when zoomed far out.
      svg.classList.toggle('far', view.k < 0.4);
      if (current && current.state) {
        saved.views[current.state.pipeline] = view;
        vscode.setState(saved);
      }
    });
  }

  function fit() {
    if (!current || !current.scene || !svg) return;
    const { width, height } = current.scene;
    const box = stage.getBoundingClientRect();
    const k = Math.min(1.25, Math.max(0.03, Math.min((box.width - 40) / Math.max(width, 1), (box.height - 40) / Math.max(height, 1))));
    view = { k, x: (box.width - width * k) / 2, y: Math.max(20, (box.height - height * k) / 2) };
    apply();
  }

  function attachZoom() {
    svg.addEventListener('wheel', (e) => {
      e.preventDefault();
      const r = svg.getBoundingClientRect();
      const px = e.clientX - r.left;
      const py = e.clientY - r.top;
      const k = Math.min(4, Math.max(0.03, view.k * Math.exp(-e.deltaY * 0.0015)));
      view = { k, x: px - ((px - view.x) * k) / view.k, y: py - ((py - view.y) * k) / view.k };
      apply();
    }, { passive: false });
    let drag = null;
    svg.addEventListener('pointerdown', (e) => {
      if (e.target.closest('.vertex, .ns-header')) return;
      drag = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y };
      svg.setPointerCapture(e.pointerId);
      svg.classList.add('panning');
    });
    svg.addEventListener('pointermove', (e) => {
      if (!drag) return;
      view = { ...view, x: drag.vx + e.clientX - drag.x, y: drag.vy + e.clientY - drag.y };
      apply();
    });
    const end = () => { drag = null; svg.classList.remove('panning'); };
    svg.addEventListener('pointerup', end);
    svg.addEventListener('pointercancel', end);
  }

  let matchIndex = -1;
  function centreNextMatch() {
    const matches = current && current.scene ? current.scene.vertices.filter((v) => v.match) : [];
    if (!matches.length) return;
    matchIndex = (matchIndex + 1) % matches.length;
    const v = matches[matchIndex];
    const box = stage.getBoundingClientRect();
    view = { k: Math.max(view.k, 0.8), x: 0, y: 0 };
    view.x = box.width / 2 - (v.x + v.w / 2) * view.k;
    view.y = box.height / 2 - (v.y + v.h / 2) * view.k;
    apply();
  }

  // ---- export --------------------------------------------------------------------------------------------------------
  const STYLE_PROPS = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'opacity', 'font-family', 'font-size', 'font-weight'];

  /** A standalone SVG: theme colours resolved into attributes (CSS variables mean nothing outside VS Code). */
  function standaloneSvg() {
    const { width, height } = current.scene;
    const copy = svg.cloneNode(true);
    const originals = [svg, ...svg.querySelectorAll('*')];
    [copy, ...copy.querySelectorAll('*')].forEach((node, i) => {
      const cs = getComputedStyle(originals[i]);
      for (const p of STYLE_PROPS) node.setAttribute(p, cs.getPropertyValue(p));
      node.removeAttribute('class');
      node.removeAttribute('tabindex');
    });
    copy.querySelector('#viewport').removeAttribute('transform');
    const pad = 20;
    copy.setAttribute('xmlns', SVG);
    copy.setAttribute('viewBox', `${-pad} ${-pad} ${width + 2 * pad} ${height + 2 * pad}`);
    copy.setAttribute('width', String(width + 2 * pad));
    copy.setAttribute('height', String(height + 2 * pad));
    copy.insertBefore(el('svg:rect', { x: -pad, y: -pad, width: width + 2 * pad, height: height + 2 * pad, fill: getComputedStyle(document.body).backgroundColor }), copy.firstChild.nextSibling);
    return { text: new XMLSerializer().serializeToString(copy), width: width + 2 * pad, height: height + 2 * pad };
  }

  function exportAs(format) {
    if (!current || !current.scene || !svg) return;
    const { text, width, height } = standaloneSvg();
    if (format === 'svg') return post({ type: 'export', format, data: text });
    // Canvas limits: at most 2× and 8192 px a side.
    const scale = Math.min(2, 8192 / width, 8192 / height);
    const img = new Image();
    img.onload = () => {
      const canvas = el('canvas', { width: Math.ceil(width * scale), height: Math.ceil(height * scale) });
      const g = canvas.getContext('2d');
      g.scale(scale, scale);
      g.drawImage(img, 0, 0);
      post({ type: 'export', format, data: canvas.toDataURL('image/png') });
    };
    img.src = `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(text)))}`;
  }

  // ---- messages ------------------------------------------------------------------------------------------------------
  window.addEventListener('message', (e) => {
    const m = e.data;
    if (!m || m.type !== 'graph') return;
    current = m;
    renderToolbar(m.state);
    renderLegend(m.state, m.scene);
    if (!m.scene) {
      svg = viewport = null;
      drawnPipeline = null;
      stage.replaceChildren(el('p', { class: 'message' }, m.message || 'Nothing to draw.'));
      return;
    }
    renderScene(m.scene);
    // While searching, what does not match steps back.
    svg.classList.toggle('searching', !!m.state.search && m.scene.vertices.some((v) => v.match));
    if (m.message) stage.append(el('p', { class: 'notice', title: 'Click to dismiss', onclick: (ev) => ev.currentTarget.remove() }, m.message));
    const pipeline = m.state.pipeline;
    const filter = JSON.stringify([m.state.selectedTags, m.state.hideParameters, m.state.focus || null]);
    if (drawnPipeline !== pipeline) {
      // A pipeline shown before keeps its zoom and pan (the panel may have been hidden and reloaded).
      if (saved.views[pipeline]) { view = saved.views[pipeline]; apply(); } else fit();
      drawnPipeline = pipeline;
    } else if (filter !== drawnFilter) fit(); // another subset of the pipeline: the old view may show none of it
    else apply();
    drawnFilter = filter;
  });
  window.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && current && current.state && current.state.focus) post({ type: 'focus' });
  });
  window.addEventListener('resize', () => { if (current && current.scene && !saved.views[current.state.pipeline]) fit(); });
  vscode.postMessage({ type: 'ready' });
})();
