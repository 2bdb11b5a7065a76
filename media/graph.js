// Kedro Lens pipeline graph webview: draws the positioned scene the extension posts, zoom/pan, hover highlight, and
// sends the user's requests back (open, focus, filters, layout direction, export). No network, no inline code (CSP).
// Small scenes are SVG (focusable boxes, tooltips, exact export); large ones are drawn on a canvas, only what is in
// view and with less detail when zoomed out, because 5,000 SVG boxes repaint at 12–18 fps and freeze the workbench.
/** @typedef {import('../common/webviewMessages').GraphMessageToPanel} ToPanel */
/** @typedef {import('../common/webviewMessages').GraphMessageFromPanel} FromPanel */
/** @typedef {import('../common/webviewMessages').GraphWireMessage} WireMessage */
/** @typedef {import('../common/webviewMessages').GraphScene} Scene */
/** @typedef {import('../common/webviewMessages').GraphSceneVertex} Vertex */
/** @typedef {import('../common/webviewMessages').GraphSceneEdge} Edge */
/** @typedef {import('../common/webviewMessages').GraphViewState} ViewState */
/** @typedef {import('../common/webviewMessages').GraphDirection} Direction */
/** @typedef {{ k: number, x: number, y: number }} View */
/** @typedef {{ view: View, user: boolean }} SavedView */
/** @typedef {{ views: Record<string, SavedView> }} State */
/** @typedef {Record<string, string | number | boolean | undefined | EventListener>} Attrs */
(function () {
  /** @type {VsCodeWebviewApi<FromPanel, State>} */
  const vscode = acquireVsCodeApi();
  const SVG = 'http://www.w3.org/2000/svg';
  const byId = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
  const toolbar = byId('toolbar');
  const stage = byId('stage');
  const legend = byId('legend');
  const LAYERS = ['raw', 'intermediate', 'primary', 'feature', 'model_input', 'models', 'model_output', 'reporting'];
  /** Above this many boxes the scene is drawn on a canvas. */
  const CANVAS_FROM = 800;
  /** Labels are 12 px in scene units: the view opens at a scale that shows them at least this big on screen. */
  const LABEL_PX = 12;
  const MIN_LABEL_PX = 10;
  const MIN_OPEN_K = MIN_LABEL_PX / LABEL_PX;
  /** On-screen size of the namespaces' names in an overview too far out for labels. */
  const OVERVIEW_PX = 13;
  const MAX_K = 4;
  const MIN_K = 0.02;
  /** @type {State} */
  const saved = vscode.getState() || { views: {} };
  if (!saved.views || Object.values(saved.views).some((v) => !v || !v.view)) saved.views = {}; // older state shape
  /** @type {ToPanel | null} */
  let current = null;
  /** @type {Renderer | null} */
  let renderer = null;
  /** @type {View} */
  let view = { k: 1, x: 0, y: 0 };
  /** True once the user zoomed or panned this pipeline: resizes then keep their view instead of fitting again. */
  let userMoved = false;
  /** @type {string | null} */
  let drawnPipeline = null;
  /** @type {string | null} */
  let drawnFilter = null;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let searchTimer;
  /** The toolbar's controls in the order they were built (fitToolbar puts moved ones back by it). */
  /** @type {HTMLElement[]} */
  let toolbarOrder = [];

  /**
   * @param {string} tag `svg:…` for SVG elements
   * @param {Attrs | null} attrs
   * @param {...(Node | string | number | null | undefined)} children
   * @returns {any} the element (HTML or SVG: callers know which)
   */
  const el = (tag, attrs, ...children) => {
    const e = tag.startsWith('svg:') ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  };
  const post = (/** @type {FromPanel} */ m) => vscode.postMessage(m);
  const secs = (/** @type {number} */ s) => (s < 1 ? `${Math.round(s * 1000)} ms` : `${s.toFixed(1)} s`);
  const direction = () => /** @type {Direction} */ ((current && current.state && current.state.direction) || 'TB');

  // ---- toolbar -------------------------------------------------------------------------------------------------------
  /** @param {ViewState | undefined} state */
  function renderToolbar(state) {
    if (!state) return void ((toolbarOrder = []), toolbar.replaceChildren());
    const select = el('select', { id: 'pipeline', title: 'Pipeline', onchange: (e) => post({ type: 'pipeline', name: /** @type {HTMLSelectElement} */ (e.target).value }) },
      ...state.pipelines.map((p) => el('option', { value: p, selected: p === state.pipeline }, p)));
    /** @type {HTMLInputElement} */
    const search = el('input', { id: 'search', type: 'search', placeholder: 'Search nodes and datasets', value: state.search, title: 'Highlight matches; Enter centres the next one' });
    search.addEventListener('input', () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(() => post({ type: 'search', text: search.value }), 150);
    });
    search.addEventListener('keydown', (e) => { if (e.key === 'Enter') centreNextMatch(); });
    const tags = state.tags.length
      ? el('details', { class: 'tags' }, el('summary', {}, state.selectedTags.length ? `Tags: ${state.selectedTags.join(', ')}` : 'Tags: all'),
        el('div', { class: 'menu' }, ...state.tags.map((t) => el('label', {}, el('input', { type: 'checkbox', value: t, checked: state.selectedTags.includes(t), onchange: () => {
          const picked = [...toolbar.querySelectorAll('.tags input:checked')].map((i) => /** @type {HTMLInputElement} */ (i).value);
          post({ type: 'tags', tags: picked });
        } }), ` ${t}`))))
      : null;
    const params = el('label', { class: 'check', title: 'Show parameters (params:…) as inputs' }, el('input', { type: 'checkbox', checked: !state.hideParameters, onchange: (e) => post({ type: 'hideParameters', hide: !(/** @type {HTMLInputElement} */ (e.target).checked) }) }), ' Parameters');
    const ns = state.namespaces.length
      ? [el('button', { 'data-more': 3, onclick: () => post({ type: 'collapseAll', collapsed: false }), title: 'Expand every namespace' }, 'Expand all'),
        el('button', { 'data-more': 2, onclick: () => post({ type: 'collapseAll', collapsed: true }), title: 'Collapse every namespace into one box' }, 'Collapse all')]
      : [];
    const lr = state.direction === 'LR';
    const layout = el('button', { id: 'direction', 'data-more': 4, 'aria-pressed': String(lr), onclick: () => post({ type: 'direction', direction: lr ? 'TB' : 'LR' }), title: state.turned
      ? `Opened ${lr ? 'left to right' : 'top to bottom'}: only that way is the whole pipeline readable. Your layout (${lr ? 'top to bottom' : 'left to right'}) is kept for other pipelines; click to use it here`
      : lr ? 'Lay the pipeline out top to bottom' : 'Lay the pipeline out left to right, as Kedro-Viz does' }, lr ? '⇩ Top-down' : '⇨ Left-right');
    const focus = state.focus ? el('span', { class: 'focus', title: `Focus: ${state.focusLabel}` }, el('span', { class: 'focus-label' }, `Focus: ${state.focusLabel}`), el('button', { onclick: () => post({ type: 'focus' }), title: 'Show the whole pipeline (Esc)' }, '✕')) : null;
    const counts = countsText();
    toolbar.replaceChildren(...[select, search, tags, params, ...ns, focus].filter(Boolean),
      el('span', { class: 'stats', title: counts }, counts),
      layout,
      el('button', { id: 'fit', onclick: () => fit(true), title: 'Fit the whole graph to the view' }, 'Fit'),
      el('button', { 'data-more': 1, onclick: () => exportAs('svg'), title: 'Save as SVG' }, 'SVG'),
      el('button', { 'data-more': 0, onclick: () => exportAs('png'), title: 'Save as PNG' }, 'PNG'),
      el('details', { class: 'more', hidden: true }, el('summary', { title: 'More actions' }, '⋯'), el('div', { class: 'menu' })));
    toolbarOrder = /** @type {HTMLElement[]} */ ([...toolbar.children]);
    fitToolbar();
  }

  /**
   * One row: controls marked `data-more` move, least used first (export, collapse, expand, layout direction), into the
   * ⋯ menu until the row fits with the counts whole; a wider panel brings them back. The search box shrinks first (CSS).
   */
  function fitToolbar() {
    const more = /** @type {HTMLDetailsElement | null} */ (toolbar.querySelector('details.more'));
    if (!more) return;
    const menu = /** @type {HTMLElement} */ (more.querySelector('.menu'));
    // Back in place first (a wider panel), each before its next neighbour in the order the toolbar was built in.
    for (let i = toolbarOrder.length - 2; i >= 0; i--) {
      const b = /** @type {HTMLElement} */ (toolbarOrder[i]);
      if (b.dataset.more !== undefined) /** @type {HTMLElement} */ (toolbarOrder[i + 1]).before(b);
    }
    more.hidden = true;
    more.open = false;
    toolbar.classList.remove('wrap');
    // One row (no wrapping) while the menu can take controls: too wide shows as overflow, or as the counts cut short.
    const stats = /** @type {HTMLElement | null} */ (toolbar.querySelector('.stats'));
    const crowded = () => toolbar.scrollWidth > toolbar.clientWidth + 1 || (!!stats && stats.scrollWidth > stats.clientWidth + 1);
    const movable = toolbarOrder.filter((b) => b.dataset.more !== undefined).sort((a, b) => Number(a.dataset.more) - Number(b.dataset.more));
    for (const b of movable) {
      if (!crowded()) return;
      more.hidden = false;
      menu.prepend(b);
    }
    // Narrower than every control left (a side panel): two rows rather than controls out of reach.
    if (toolbar.scrollWidth > toolbar.clientWidth + 1) toolbar.classList.add('wrap');
  }

  // What is drawn, in the user's words; with a search, how many boxes match it.
  function countsText() {
    const scene = current && current.scene;
    if (!current || !scene) return '';
    const count = (/** @type {string} */ kind) => scene.vertices.filter((v) => v.kind === kind).length;
    const plural = (/** @type {number} */ n, /** @type {string} */ word) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
    const parts = [plural(count('node'), 'node'), plural(count('dataset'), 'dataset')];
    if (count('namespace')) parts.push(`${plural(count('namespace'), 'collapsed namespace')}`);
    const text = parts.join(' · ');
    if (!current.state || !current.state.search) return text;
    const hits = scene.vertices.filter((v) => v.match).length;
    return `${hits ? `${hits.toLocaleString('en')} match${hits === 1 ? '' : 'es'}` : 'no match'} · ${text}`;
  }

  /** @param {ViewState | undefined} state @param {Scene | undefined} scene */
  function renderLegend(state, scene) {
    if (!scene) return legend.replaceChildren();
    const layers = [...new Set(scene.vertices.filter((v) => v.layerIndex !== undefined).map((v) => /** @type {number} */ (v.layerIndex)))].sort((a, b) => a - b);
    const item = (/** @type {string} */ cls, /** @type {string} */ text) => el('span', { class: 'item' }, el('span', { class: `swatch ${cls}` }), text);
    legend.replaceChildren(
      ...layers.map((i) => item(`layer-${i}`, LAYERS[i] || /** @type {Vertex} */ (scene.vertices.find((v) => v.layerIndex === i)).layer || '')),
      item('kind-node', 'node'), item('kind-dataset', 'dataset'), item('kind-parameters', 'parameters'),
      ...(state && state.namespaces.length ? [item('kind-namespace', 'namespace')] : []),
      item('sev-error', 'problem'),
      // Datasets nothing provides and parameters no parameters file defines: one mark, so both read as "missing".
      ...(scene.vertices.some((v) => v.missing) ? [item('sev-error missing', 'missing')] : []),
      ...(state && state.hasRun ? [item('status-success', 'last run ok'), item('status-failed', 'last run failed')] : []),
      el('span', { class: 'hint' }, 'Click: open · Shift+click: focus · wheel: zoom · drag: pan'));
  }

  // ---- overview names ------------------------------------------------------------------------------------------------
  const measurer = /** @type {CanvasRenderingContext2D} */ (document.createElement('canvas').getContext('2d'));
  let measurerFont = '';
  /**
   * What an overview shows of a namespace's name in `room` screen pixels: `prefix` and the whole name, else its last
   * segment (nested namespaces' full names ran over each other), else nothing.
   * @param {string} prefix @param {string} name @param {number} room
   */
  function overviewName(prefix, name, room) {
    // The font read once (a style read per name per frame is what a zoom must not pay).
    if (!measurerFont) measurer.font = measurerFont = `600 ${OVERVIEW_PX}px ${getComputedStyle(document.body).fontFamily || 'sans-serif'}`;
    const fits = (/** @type {string} */ t) => measurer.measureText(prefix + t).width <= room;
    const last = name.slice(name.lastIndexOf('.') + 1);
    return fits(name) ? prefix + name : fits(last) ? prefix + last : '';
  }
  /** Room for a collapsed namespace's name beyond its box: part of the gap to its neighbours. */
  const NAME_SPILL = 40;

  // ---- shared geometry -----------------------------------------------------------------------------------------------
  /** Control points of one edge segment: vertical curves top → down, horizontal ones left → right. */
  function segment(/** @type {readonly number[]} */ a, /** @type {readonly number[]} */ b, /** @type {Direction} */ dir) {
    const [x0, y0] = /** @type {[number, number]} */ (a);
    const [x1, y1] = /** @type {[number, number]} */ (b);
    if (dir === 'LR') {
      const dx = (x1 - x0) / 2;
      return [x0 + dx, y0, x1 - dx, y1, x1, y1];
    }
    const dy = (y1 - y0) / 2;
    return [x0, y0 + dy, x1, y1 - dy, x1, y1];
  }

  /** @param {Edge['points']} points @param {Direction} dir */
  function edgePath(points, dir) {
    let d = `M${points[0][0]},${points[0][1]}`;
    for (let i = 1; i < points.length; i++) {
      const [c1x, c1y, c2x, c2y, x, y] = segment(points[i - 1], points[i], dir);
      d += ` C${c1x},${c1y} ${c2x},${c2y} ${x},${y}`;
    }
    return d;
  }

  /** Hover neighbours: every vertex linked to a vertex by an edge. */
  function neighboursOf(/** @type {Scene} */ scene) {
    /** @type {Map<string, Set<string>>} */
    const neighbours = new Map();
    const link = (/** @type {string} */ a, /** @type {string} */ b) => {
      let s = neighbours.get(a);
      if (!s) neighbours.set(a, (s = new Set()));
      s.add(b);
    };
    for (const e of scene.edges) { link(e.from, e.to); link(e.to, e.from); }
    return neighbours;
  }

  /** What a click on a vertex asks for. @param {Vertex} v @param {MouseEvent} ev */
  function clickVertex(v, ev) {
    // Shift, not Alt: releasing Alt moves the keyboard to the menu bar in VS Code for the web and on Linux/Windows.
    if ((ev.shiftKey || ev.altKey) && v.kind !== 'namespace') post({ type: 'focus', id: v.id });
    else if (v.canOpen || v.kind === 'namespace') post({ type: 'open', id: v.id });
  }

  /**
   * @typedef {object} Renderer
   * @property {() => void} draw redraws with the current view
   * @property {Element} root the element in the stage (input events, size)
   * @property {() => SVGSVGElement} svgForExport a full SVG of the scene, attached to the document while exporting
   * @property {() => void} [dispose]
   */

  // ---- SVG renderer (small scenes) -----------------------------------------------------------------------------------
  /** @param {Scene} scene @param {Direction} dir @returns {SVGSVGElement} */
  function buildSvg(scene, dir) {
    const neighbours = neighboursOf(scene);
    // The current zoom and pan at once: a redraw must not show one frame (or a test one read) without them.
    const viewport = el('svg:g', { id: 'viewport', transform: `translate(${view.x},${view.y}) scale(${view.k})` });
    /** @type {SVGSVGElement} */
    const svg = el('svg:svg', { id: 'graph', class: `dir-${dir}`, role: 'img', 'aria-label': `Pipeline graph: ${scene.vertices.length} boxes` },
      el('svg:defs', {},
        el('svg:marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, el('svg:path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow' })),
        el('svg:marker', { id: 'arrow-hl', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, el('svg:path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow hl' }))),
      viewport);
    // Namespace names over edges and boxes (an overview draws them larger than their header room).
    const headers = el('svg:g', { class: 'ns-headers' });
    for (const g of scene.groups) {
      viewport.append(el('svg:g', { class: 'ns-group', 'data-ns': g.ns },
        el('svg:rect', { x: g.x, y: g.y, width: g.w, height: g.h, rx: 8 })));
      headers.append(el('svg:text', { x: g.x + 10, y: g.y + 19, class: 'ns-header', 'data-name': g.label, 'data-room': g.w - 14, onclick: (ev) => { ev.stopPropagation(); post({ type: 'toggleNamespace', ns: g.ns }); } },
          el('svg:title', {}, `Namespace ${g.ns}: click to collapse`), `▾ ${g.label}`));
    }
    /** @type {SVGPathElement[]} */
    const edgeEls = [];
    for (const e of scene.edges) {
      const p = el('svg:path', { class: 'edge', d: edgePath(e.points, dir), 'marker-end': 'url(#arrow)', 'stroke-width': e.count > 1 ? Math.min(4, 1 + Math.log2(e.count)) : undefined, 'data-from': e.from, 'data-to': e.to },
        e.count > 1 ? el('svg:title', {}, `${e.count} connections`) : null);
      edgeEls.push(p);
      viewport.append(p);
    }
    /** @type {Map<string, SVGGElement>} */
    const vertexEls = new Map();
    /** @param {string | null} id */
    const highlight = (id) => {
      svg.classList.toggle('hovering', !!id);
      const near = (id && neighbours.get(id)) || new Set();
      for (const [vid, g] of vertexEls) g.classList.toggle('hl', !!id && (vid === id || near.has(vid)));
      for (const p of edgeEls) {
        const on = !!id && (p.dataset.from === id || p.dataset.to === id);
        p.classList.toggle('hl', on);
        p.setAttribute('marker-end', on ? 'url(#arrow-hl)' : 'url(#arrow)');
      }
    };
    for (const v of scene.vertices) {
      const cls = ['vertex', `kind-${v.kind}`, v.layerIndex !== undefined ? `layer-${v.layerIndex}` : '', v.severity ? `sev-${v.severity}` : '', v.missing ? 'missing' : '', v.match ? 'match' : '', v.status ? `status-${v.status}` : '', v.canOpen || v.kind === 'namespace' ? 'clickable' : ''].filter(Boolean).join(' ');
      const rx = v.kind === 'node' ? 4 : v.kind === 'namespace' ? 6 : v.h / 2;
      /** @type {SVGGElement} */
      const g = el('svg:g', { class: cls, 'data-id': v.id, transform: `translate(${v.x},${v.y})`, tabindex: 0 },
        el('svg:title', {}, v.title),
        el('svg:rect', { class: 'box', width: v.w, height: v.h, rx }),
        v.kind === 'namespace' ? el('svg:rect', { class: 'inner', x: 3, y: 3, width: v.w - 6, height: v.h - 6, rx: 4 }) : null,
        // The layer as a dot inside the pill's rounded end (a bar would stick out of the curve).
        v.layerIndex !== undefined ? el('svg:circle', { class: 'stripe', cx: v.h / 2, cy: v.h / 2, r: 5 }) : null,
        el('svg:text', { class: 'label', x: v.w / 2 + (v.layerIndex !== undefined ? 6 : 0), y: v.h / 2 + 4, 'text-anchor': 'middle', ...(v.kind === 'namespace' ? { 'data-name': v.id.slice(3), 'data-room': v.w + NAME_SPILL } : {}) }, v.kind === 'namespace' ? `▸ ${v.label}` : v.label),
        v.status ? el('svg:circle', { class: 'status-dot', cx: v.w - 1, cy: 1, r: 5 }) : null,
        v.duration !== undefined ? el('svg:text', { class: 'duration', x: v.w, y: v.h + 12, 'text-anchor': 'end' }, secs(v.duration)) : null);
      g.addEventListener('click', (ev) => { ev.stopPropagation(); clickVertex(v, ev); });
      g.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') post({ type: 'open', id: v.id }); });
      g.addEventListener('mouseenter', () => highlight(v.id));
      g.addEventListener('mouseleave', () => highlight(null));
      vertexEls.set(v.id, g);
      viewport.append(g);
    }
    viewport.append(headers);
    return svg;
  }

  /** @param {Scene} scene @param {Direction} dir @returns {Renderer} */
  function svgRenderer(scene, dir) {
    const svg = buildSvg(scene, dir);
    stage.replaceChildren(svg);
    const viewport = /** @type {SVGGElement} */ (svg.querySelector('#viewport'));
    // The names' own text nodes (a header also holds its <title>).
    const names = /** @type {SVGTextElement[]} */ ([...svg.querySelectorAll('text[data-name]')]).map((t) => {
      const text = /** @type {Text} */ (t.lastChild);
      return { t, text, full: text.data, prefix: text.data.slice(0, 2) };
    });
    let namesAt = 0;
    return {
      root: svg,
      draw() {
        viewport.setAttribute('transform', `translate(${view.x},${view.y}) scale(${view.k})`);
        // Text below ~5 px is unreadable and the costliest thing to paint: hidden when zoomed far out, but for the
        // namespaces' names, kept at a readable size on screen so the overview still says what is where.
        const far = view.k < 0.4;
        svg.classList.toggle('far', far);
        if (far) svg.style.setProperty('--overview-px', `${OVERVIEW_PX / view.k}px`);
        const at = far ? view.k : 0;
        if (at === namesAt) return;
        namesAt = at;
        for (const n of names) {
          const text = far ? overviewName(n.prefix, n.t.dataset.name || '', Number(n.t.dataset.room) * view.k) : n.full;
          if (n.text.data !== text) n.text.data = text;
        }
      },
      svgForExport: () => svg,
    };
  }

  // ---- canvas renderer (large scenes) --------------------------------------------------------------------------------
  /** Theme colours, read from VS Code's CSS variables (again when the theme changes). */
  function readPalette() {
    const cs = getComputedStyle(document.documentElement);
    const v = (/** @type {string} */ name, /** @type {string} */ fallback) => cs.getPropertyValue(name).trim() || fallback;
    const fg = v('--vscode-editor-foreground', '#ccc');
    const muted = v('--vscode-descriptionForeground', '#999');
    return {
      background: v('--vscode-editor-background', '#1e1e1e'),
      fg,
      muted,
      edge: v('--vscode-editorLineNumber-foreground', '#888'),
      hl: v('--vscode-focusBorder', '#07f'),
      nodeFill: v('--vscode-button-secondaryBackground', '#3a3d41'),
      nodeText: v('--vscode-button-secondaryForeground', fg),
      widget: v('--vscode-editorWidget-background', '#252526'),
      link: v('--vscode-textLink-foreground', '#3794ff'),
      nsFill: v('--vscode-sideBar-background', v('--vscode-editorWidget-background', '#252526')),
      error: v('--vscode-editorError-foreground', '#f44'),
      errorFill: v('--vscode-inputValidation-errorBackground', v('--vscode-button-secondaryBackground', '#5a1d1d')),
      warning: v('--vscode-editorWarning-foreground', '#fa0'),
      match: v('--vscode-editor-findMatchBorder', v('--vscode-focusBorder', '#07f')),
      passed: v('--vscode-testing-iconPassed', '#3c3'),
      failed: v('--vscode-testing-iconFailed', '#f44'),
      running: v('--vscode-charts-yellow', '#cc0'),
      layers: [
        v('--vscode-charts-blue', '#37f'), v('--vscode-terminal-ansiCyan', '#1ac'), v('--vscode-charts-green', '#3a3'),
        v('--vscode-charts-yellow', '#cc0'), v('--vscode-charts-orange', '#d80'), v('--vscode-charts-purple', '#a6f'),
        v('--vscode-terminal-ansiMagenta', '#c4c'), v('--vscode-charts-foreground', fg), muted,
      ],
      font: v('--vscode-font-family', 'sans-serif'),
    };
  }

  /** @param {Scene} scene @param {Direction} dir @returns {Renderer} */
  function canvasRenderer(scene, dir) {
    /** @type {HTMLCanvasElement} */
    const canvas = el('canvas', { id: 'graph', class: 'canvas', role: 'img', 'aria-label': `Pipeline graph: ${scene.vertices.length} boxes (drawn on a canvas: use the search box to find a box)` });
    const tip = el('div', { class: 'tip', hidden: true });
    stage.replaceChildren(canvas, tip);
    const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d', { alpha: false }));
    let palette = readPalette();
    const neighbours = neighboursOf(scene);
    // Edge bounding boxes, once: culling a 6,000-edge scene per frame is then a few comparisons each.
    const edgeBoxes = scene.edges.map((e) => {
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (const [x, y] of e.points) { x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y); }
      return { x0, y0, x1, y1 };
    });
    /** @type {string | null} */
    let hovered = null;
    const searching = !!(current && current.state && current.state.search) && scene.vertices.some((v) => v.match);

    const fill = (/** @type {Vertex} */ v) => (v.kind === 'node' ? (v.severity === 'error' ? palette.errorFill : palette.nodeFill) : v.kind === 'namespace' ? palette.nsFill : palette.background);
    const stroke = (/** @type {Vertex} */ v) =>
      v.match ? palette.match : v.severity === 'error' ? palette.error : v.severity === 'warning' ? palette.warning
        : v.kind === 'namespace' ? palette.link : v.layerIndex !== undefined ? palette.layers[v.layerIndex] || palette.muted
          : v.kind === 'node' ? palette.nodeFill : palette.muted;
    /** Filled when tiny, so the shape of a 5,000-box pipeline still shows its layers and problems. */
    const solid = (/** @type {Vertex} */ v) => (v.kind === 'node' ? fill(v) : stroke(v));

    /**
     * A namespace's name in an overview too far out for labels: OVERVIEW_PX on screen, outlined in the background colour.
     * @param {CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D} g
     * @param {number} k @param {string} text @param {number} x @param {number} y
     * @param {CanvasTextAlign} align @param {CanvasTextBaseline} baseline
     */
    function overviewLabel(g, k, text, x, y, align, baseline) {
      if (!text) return;
      const size = OVERVIEW_PX / k;
      g.font = `600 ${size}px ${palette.font}`;
      g.textAlign = align;
      g.textBaseline = baseline;
      g.lineJoin = 'round';
      g.lineWidth = size / 4;
      g.strokeStyle = palette.background;
      g.strokeText(text, x, y);
      g.fillStyle = palette.link;
      g.fillText(text, x, y);
      g.textBaseline = 'alphabetic';
    }

    /** @param {CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D} g @param {Vertex} v */
    function roundRect(g, v) {
      const r = v.kind === 'node' ? 4 : v.kind === 'namespace' ? 6 : v.h / 2;
      g.roundRect(v.x, v.y, v.w, v.h, r);
    }

    /**
     * Draws the scene (or, with `only`, just those boxes and the edges between them) on a context whose transform maps
     * scene units to device pixels at zoom k; only what intersects the rectangle [left, top, right, bottom].
     * @param {CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D} ctx
     * @param {number} k
     * @param {[number, number, number, number]} rect
     * @param {Set<string> | null} only
     */
    function paint(ctx, k, [left, top, right, bottom], only) {
      const inView = (/** @type {number} */ x0, /** @type {number} */ y0, /** @type {number} */ x1, /** @type {number} */ y1) => x1 >= left && x0 <= right && y1 >= top && y0 <= bottom;
      const px = 1 / k; // one screen pixel in scene units
      const near = only ? null : hovered ? neighbours.get(hovered) || new Set() : null;
      const lit = (/** @type {string} */ id) => !near || id === hovered || near.has(id);
      const dimmed = !only && (!!near || searching);

      // Namespace groups.
      ctx.lineWidth = px;
      for (const g of only ? [] : scene.groups) {
        if (!inView(g.x, g.y, g.x + g.w, g.y + g.h)) continue;
        ctx.globalAlpha = 0.06;
        ctx.fillStyle = palette.link;
        ctx.fillRect(g.x, g.y, g.w, g.h);
        ctx.globalAlpha = 0.5;
        ctx.strokeStyle = palette.link;
        ctx.lineWidth = px; // an overview label before set its own
        ctx.strokeRect(g.x, g.y, g.w, g.h);
        ctx.globalAlpha = 1;
        if (k * LABEL_PX >= 6) {
          ctx.fillStyle = palette.link;
          ctx.font = `600 ${LABEL_PX}px ${palette.font}`;
          ctx.fillText(`▾ ${g.label}`, g.x + 10, g.y + 19);
        } else overviewLabel(ctx, k, overviewName('▾ ', g.label, (g.w - 14) * k), g.x + 10, g.y + 19, 'start', 'top');
      }

      // Edges: one path for all plain ones (one stroke call), curves only when they are big enough to see.
      const curves = k >= 0.3;
      /** @param {(e: Edge) => boolean} which */
      const edges = (which) => {
        ctx.beginPath();
        scene.edges.forEach((e, i) => {
          const b = edgeBoxes[i];
          if (!which(e) || !inView(b.x0, b.y0, b.x1, b.y1)) return;
          const pts = e.points;
          ctx.moveTo(pts[0][0], pts[0][1]);
          for (let j = 1; j < pts.length; j++) {
            if (curves) {
              const s = segment(pts[j - 1], pts[j], dir);
              ctx.bezierCurveTo(s[0], s[1], s[2], s[3], s[4], s[5]);
            } else ctx.lineTo(pts[j][0], pts[j][1]);
          }
        });
      };
      const isLit = (/** @type {Edge} */ e) => (only ? only.has(e.from) && only.has(e.to) && (e.from === hovered || e.to === hovered) : !!near && (e.from === hovered || e.to === hovered));
      if (!only) {
        ctx.globalAlpha = dimmed ? 0.25 : 0.8;
        ctx.strokeStyle = palette.edge;
        ctx.lineWidth = Math.max(1.2, px * 0.8);
        edges((e) => !isLit(e));
        ctx.stroke();
      }
      if (near || only) {
        ctx.globalAlpha = 1;
        ctx.strokeStyle = palette.hl;
        ctx.lineWidth = Math.max(2, px * 1.5);
        edges(isLit);
        ctx.stroke();
      }
      // Arrowheads once they are a few pixels big.
      if (k >= 0.35 && !only) {
        ctx.globalAlpha = dimmed ? 0.35 : 0.9;
        ctx.fillStyle = palette.edge;
        ctx.beginPath();
        scene.edges.forEach((e, i) => {
          const b = edgeBoxes[i];
          if (!inView(b.x0, b.y0, b.x1, b.y1)) return;
          const [x, y] = /** @type {[number, number]} */ (e.points[e.points.length - 1]);
          if (dir === 'LR') { ctx.moveTo(x, y); ctx.lineTo(x - 7, y - 3.5); ctx.lineTo(x - 7, y + 3.5); } else { ctx.moveTo(x, y); ctx.lineTo(x - 3.5, y - 7); ctx.lineTo(x + 3.5, y - 7); }
          ctx.closePath();
        });
        ctx.fill();
      }

      // Boxes: batched by colour. Far out a box is a filled rectangle; closer it gets its border, layer dot and label.
      const detailed = k * 32 >= 10;
      /** @type {Map<string, Vertex[]>} */
      const batches = new Map();
      /** @type {Vertex[]} */
      const shown = [];
      for (const v of scene.vertices) {
        if ((only && !only.has(v.id)) || !inView(v.x, v.y, v.x + v.w, v.y + v.h)) continue;
        shown.push(v);
      }
      const alpha = (/** @type {Vertex} */ v) => (near ? (lit(v.id) ? 1 : 0.3) : searching && !v.match ? 0.35 : 1);
      if (!detailed) {
        for (const v of shown) {
          const key = `${solid(v)}|${alpha(v)}`;
          const list = batches.get(key);
          if (list) list.push(v); else batches.set(key, [v]);
        }
        for (const [key, list] of batches) {
          const [color, a] = key.split('|');
          ctx.globalAlpha = Number(a);
          ctx.fillStyle = color;
          ctx.beginPath();
          for (const v of list) ctx.rect(v.x, v.y, v.w, v.h);
          ctx.fill();
        }
        ctx.globalAlpha = 1;
        for (const v of shown) if (v.kind === 'namespace') overviewLabel(ctx, k, overviewName('▸ ', v.id.slice(3), (v.w + NAME_SPILL) * k), v.x + v.w / 2, v.y + v.h / 2, 'center', 'middle');
      } else {
        const labels = k * LABEL_PX >= 6;
        for (const v of shown) {
          ctx.globalAlpha = alpha(v);
          ctx.beginPath();
          roundRect(ctx, v);
          ctx.fillStyle = fill(v);
          ctx.fill();
          ctx.strokeStyle = hovered === v.id ? palette.hl : stroke(v);
          ctx.lineWidth = v.match ? 3 : v.severity === 'error' ? 2.5 : v.severity || v.kind === 'namespace' || hovered === v.id ? 2 : 1;
          ctx.setLineDash(v.missing ? [5, 3] : v.kind === 'parameters' ? [4, 3] : []);
          ctx.stroke();
          ctx.setLineDash([]);
          if (v.layerIndex !== undefined) {
            ctx.fillStyle = palette.layers[v.layerIndex] || palette.muted;
            ctx.beginPath();
            ctx.arc(v.x + v.h / 2, v.y + v.h / 2, 5, 0, 2 * Math.PI);
            ctx.fill();
          }
          if (v.status) {
            ctx.fillStyle = v.status === 'success' ? palette.passed : v.status === 'failed' ? palette.failed : palette.running;
            ctx.beginPath();
            ctx.arc(v.x + v.w - 1, v.y + 1, 5, 0, 2 * Math.PI);
            ctx.fill();
          }
          if (!labels) {
            if (v.kind === 'namespace') overviewLabel(ctx, k, overviewName('▸ ', v.id.slice(3), (v.w + NAME_SPILL) * k), v.x + v.w / 2, v.y + v.h / 2, 'center', 'middle');
            continue;
          }
          ctx.textAlign = 'center';
          ctx.font = `${v.kind === 'node' || v.kind === 'namespace' ? '600 ' : v.kind === 'parameters' ? 'italic ' : ''}${LABEL_PX}px ${palette.font}`;
          ctx.fillStyle = v.kind === 'node' ? palette.nodeText : v.kind === 'namespace' ? palette.link : v.kind === 'parameters' ? palette.muted : palette.fg;
          ctx.fillText(v.kind === 'namespace' ? `▸ ${v.label}` : v.label, v.x + v.w / 2 + (v.layerIndex !== undefined ? 6 : 0), v.y + v.h / 2 + 4);
          if (v.duration !== undefined) {
            ctx.textAlign = 'end';
            ctx.font = `10px ${palette.font}`;
            ctx.fillStyle = palette.muted;
            ctx.fillText(secs(v.duration), v.x + v.w, v.y + v.h + 12);
          }
        }
      }
      ctx.globalAlpha = 1;
    }

    // The overview as a bitmap: while the whole scene at the current zoom fits in one, a pan is one drawImage and a
    // zoom rescales it until the wheel rests (then it is redrawn sharp). Closer in, culling keeps direct drawing cheap.
    const MARGIN = 20;
    const MAX_SIDE = 4096;
    const MAX_AREA = 8e6;
    /** @typedef {{ canvas: HTMLCanvasElement, k: number, dpr: number, palette: object, done: number }} Bitmap */
    /** @type {Bitmap | null} */
    let cache = null;
    /** A sharper bitmap drawn one strip per frame (a whole 10,000-box overview at once was a 100–150 ms task). */
    /** @type {Bitmap | null} */
    let building = null;
    const STRIPS = 8;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let sharpen;
    function startBitmap(/** @type {number} */ k, /** @type {number} */ dpr) {
      /** @type {HTMLCanvasElement} */
      const c = el('canvas', { width: Math.ceil((scene.width + 2 * MARGIN) * k * dpr), height: Math.ceil((scene.height + 2 * MARGIN) * k * dpr) });
      const g = /** @type {CanvasRenderingContext2D} */ (c.getContext('2d'));
      g.fillStyle = palette.background;
      g.fillRect(0, 0, c.width, c.height);
      building = { canvas: c, k, dpr, palette, done: 0 };
    }
    /** Draws the next strip (across the longer side) of the bitmap being built; it becomes the cache when complete. */
    function buildStrip() {
      const b = /** @type {Bitmap} */ (building);
      const g = /** @type {CanvasRenderingContext2D} */ (b.canvas.getContext('2d'));
      const tall = scene.height >= scene.width;
      const span = (tall ? scene.height : scene.width) + 2 * MARGIN;
      const from = -MARGIN + (span * b.done) / STRIPS, to = -MARGIN + (span * (b.done + 1)) / STRIPS;
      const strip = /** @type {[number, number, number, number]} */ (tall ? [-MARGIN, from, scene.width + MARGIN, to] : [from, -MARGIN, to, scene.height + MARGIN]);
      g.save();
      g.setTransform(b.dpr * b.k, 0, 0, b.dpr * b.k, MARGIN * b.k * b.dpr, MARGIN * b.k * b.dpr);
      g.beginPath();
      g.rect(strip[0], strip[1], strip[2] - strip[0], strip[3] - strip[1]);
      g.clip();
      // Culled with a margin (boxes and curves reach across the strip's edges; the clip keeps each strip's own pixels).
      paint(g, b.k, [strip[0] - 20, strip[1] - 20, strip[2] + 20, strip[3] + 20], null);
      g.restore();
      if (++b.done === STRIPS) {
        cache = b;
        building = null;
      }
    }

    function draw() {
      const dpr = window.devicePixelRatio || 1;
      const cw = canvas.clientWidth, ch = canvas.clientHeight;
      if (canvas.width !== Math.round(cw * dpr) || canvas.height !== Math.round(ch * dpr)) {
        canvas.width = Math.round(cw * dpr);
        canvas.height = Math.round(ch * dpr);
      }
      const { k, x: tx, y: ty } = view;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.fillStyle = palette.background;
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      // The scene rectangle in view, with a margin for strokes and durations.
      const rect = /** @type {[number, number, number, number]} */ ([-tx / k - 20, -ty / k - 20, (cw - tx) / k + 20, (ch - ty) / k + 20]);
      const w = (scene.width + 2 * MARGIN) * k * dpr, h = (scene.height + 2 * MARGIN) * k * dpr;
      const fits = w <= MAX_SIDE && h <= MAX_SIDE && w * h <= MAX_AREA;
      const stale = !cache || cache.palette !== palette || cache.dpr !== dpr || Math.abs(Math.log(k / cache.k)) > 0.02;
      clearTimeout(sharpen);
      if (fits && stale && performance.now() - lastZoom > 150) {
        if (!building || building.k !== k || building.dpr !== dpr || building.palette !== palette) startBitmap(k, dpr);
        buildStrip();
        if (building) apply(); // the next strip on the next frame
      } else if (fits && stale) sharpen = setTimeout(apply, 160); // zooming: the old bitmap rescaled, redrawn when it rests
      const shown = cache && !stale ? cache : cache || building;
      if (fits && shown) {
        const s = k / shown.k;
        ctx.imageSmoothingEnabled = true;
        ctx.drawImage(shown.canvas, (tx - MARGIN * k) * dpr, (ty - MARGIN * k) * dpr, shown.canvas.width * s, shown.canvas.height * s);
        if (hovered) {
          // Hover: everything steps back, the box and its neighbours come forward.
          ctx.globalAlpha = 0.6;
          ctx.fillRect(0, 0, canvas.width, canvas.height);
          ctx.globalAlpha = 1;
          ctx.setTransform(dpr * k, 0, 0, dpr * k, dpr * tx, dpr * ty);
          paint(ctx, k, rect, new Set([hovered, ...(neighbours.get(hovered) || [])]));
        }
        return;
      }
      if (!fits) cache = null;
      ctx.setTransform(dpr * k, 0, 0, dpr * k, dpr * tx, dpr * ty);
      paint(ctx, k, rect, null);
    }

    /** The box under a point of the canvas (client coordinates), topmost first. */
    const hit = (/** @type {number} */ cx, /** @type {number} */ cy) => {
      const r = canvas.getBoundingClientRect();
      const x = (cx - r.left - view.x) / view.k, y = (cy - r.top - view.y) / view.k;
      for (let i = scene.vertices.length - 1; i >= 0; i--) {
        const v = scene.vertices[i];
        if (x >= v.x && x <= v.x + v.w && y >= v.y && y <= v.y + v.h) return v;
      }
      const g = scene.groups.find((g) => x >= g.x && x <= g.x + 12 + g.label.length * 8 && y >= g.y && y <= g.y + 26);
      return g ? { group: g.ns } : null;
    };
    /** @type {{ x: number, y: number } | null} */
    let pending = null;
    canvas.addEventListener('pointermove', (e) => {
      if (pending) { pending = { x: e.clientX, y: e.clientY }; return; }
      pending = { x: e.clientX, y: e.clientY };
      // At most one hit test per frame.
      requestAnimationFrame(() => {
        const at = /** @type {{ x: number, y: number }} */ (pending);
        pending = null;
        if (canvas.classList.contains('panning')) return;
        const h = hit(at.x, at.y);
        const id = h && 'id' in h ? h.id : null;
        canvas.classList.toggle('over', !!h);
        if (id !== hovered) {
          hovered = id;
          apply();
        }
        if (h && 'id' in h) {
          tip.textContent = h.title;
          const r = stage.getBoundingClientRect();
          tip.style.left = `${Math.min(at.x - r.left + 14, r.width - 320)}px`;
          tip.style.top = `${at.y - r.top + 18}px`;
          tip.hidden = false;
        } else tip.hidden = true;
      });
    });
    canvas.addEventListener('pointerleave', () => { tip.hidden = true; if (hovered) { hovered = null; apply(); } });
    canvas.addEventListener('click', (e) => {
      if (moved) return;
      const h = hit(e.clientX, e.clientY);
      if (h && 'id' in h) clickVertex(h, e);
      else if (h) post({ type: 'toggleNamespace', ns: h.group });
    });
    // Theme switches rewrite the CSS variables on <html>.
    const themes = new MutationObserver(() => { palette = readPalette(); apply(); });
    themes.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
    themes.observe(document.body, { attributes: true, attributeFilter: ['class'] });
    return {
      root: canvas,
      draw,
      svgForExport: () => {
        // Exports are exact SVG whatever draws on screen: built off-screen on demand (slow at 5,000 boxes, but asked for).
        const svg = buildSvg(scene, dir);
        svg.classList.add('offscreen');
        document.body.append(svg);
        return svg;
      },
      dispose: () => themes.disconnect(),
    };
  }

  // ---- zoom and pan --------------------------------------------------------------------------------------------------
  // One draw per frame: wheel and pointer events come faster than a large scene repaints.
  let frame = 0;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let saveTimer;
  function apply() {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      if (!renderer) return;
      const t0 = performance.now();
      renderer.draw();
      drawTimes.push(performance.now() - t0);
      if (performance.now() - t0 > 16) performance.measure('graph:draw', { start: t0 }); // slow draws only: the timeline stays small
      if (drawTimes.length > 600) drawTimes.splice(0, drawTimes.length - 600);
      zoomHint();
      // The view is kept for a reload of the panel; written when the user pauses (each write is a message to VS Code).
      clearTimeout(saveTimer);
      saveTimer = setTimeout(() => {
        if (!current || !current.state) return;
        saved.views[current.state.pipeline] = { view, user: userMoved };
        vscode.setState(saved);
      }, 300);
    });
  }
  /**
   * Says so while a pipeline without namespaces is too far out to read: its overview names nothing, so the boxes are
   * blank (a pipeline too wide to read whole either way: one click zooms to readable labels at its start).
   */
  function zoomHint() {
    const scene = current && current.scene;
    const flat = !!scene && !scene.groups.length && !scene.vertices.some((v) => v.kind === 'namespace');
    const hint = stage.querySelector('.zoom-hint');
    if (!flat || view.k * LABEL_PX >= MIN_LABEL_PX) return void (hint && hint.remove());
    if (hint) return;
    stage.append(el('div', { class: 'zoom-hint', role: 'status' }, 'Labels are too small to read at this size. ',
      el('button', { onclick: readableZoom, title: 'Zoom to 100% at the start of the pipeline (Fit shows it whole again)' }, 'Zoom to read')));
  }
  /** Labels at their own size, from the pipeline's start (centred on an axis that fits). */
  function readableZoom() {
    if (!current || !current.scene) return;
    const { width, height } = current.scene;
    const box = stage.getBoundingClientRect();
    const pad = 20;
    const k = 1;
    view = { k, x: width * k + 2 * pad <= box.width ? (box.width - width * k) / 2 : pad, y: height * k + 2 * pad <= box.height ? (box.height - height * k) / 2 : pad };
    userMoved = true;
    apply();
  }
  /** What the view shows: boxes wholly in the stage, of how many, and the labels' size on screen (bench-graph-ui.mjs). */
  /** @type {any} */ (window).kedroGraphInView = () => {
    const box = stage.getBoundingClientRect();
    const vs = current && current.scene ? current.scene.vertices : [];
    const inside = vs.filter((v) => v.x * view.k + view.x >= 0 && v.y * view.k + view.y >= 0 && (v.x + v.w) * view.k + view.x <= box.width && (v.y + v.h) * view.k + view.y <= box.height);
    return { boxes: vs.length, inView: inside.length, labelPx: LABEL_PX * view.k };
  };
  /** Milliseconds of the last draws: read by the e2e benchmark (scripts/bench-graph-ui.mjs). */
  const drawTimes = /** @type {number[]} */ ([]);
  /** @type {any} */ (window).kedroGraphDrawTimes = drawTimes;

  /**
   * Fits the scene. `all` (the Fit button): the whole graph. Otherwise the opening view (a pipeline shown, a resize the
   * user did not zoom or pan since): the whole graph when its labels stay readable; else fitted across the ranks (width
   * top → down, height left → right) at the graph's start when that is readable (a long chain: its whole breadth, the
   * rest a pan away; as a whole it is a thread); else the whole graph as an overview, whose namespaces are named at a
   * readable size (a readable corner of a wide pipeline showed three boxes and edges running off screen).
   * @param {boolean} all
   */
  function fit(all) {
    if (!current || !current.scene || !renderer) return;
    const { width, height } = current.scene;
    const box = stage.getBoundingClientRect();
    if (box.width < 10 || box.height < 10) return; // hidden: fit when it shows
    const pad = 20;
    const kw = (box.width - 2 * pad) / Math.max(width, 1);
    const kh = (box.height - 2 * pad) / Math.max(height, 1);
    const whole = Math.max(MIN_K, Math.min(1.25, kw, kh));
    const lr = direction() === 'LR';
    if (all || whole >= MIN_OPEN_K || (lr ? kh : kw) < MIN_OPEN_K) {
      view = { k: whole, x: Math.max(pad, (box.width - width * whole) / 2), y: Math.max(pad, (box.height - height * whole) / 2) };
    } else {
      // The smallest readable scale (as much of the pipeline as stays readable), centred across, from its start.
      const k = MIN_OPEN_K;
      view = lr ? { k, x: pad, y: (box.height - height * k) / 2 } : { k, x: (box.width - width * k) / 2, y: pad };
    }
    userMoved = false;
    apply();
  }

  /** Zoom and pan on the renderer's element; any of them means the user chose a view. @param {Element} target */
  function attachZoom(target) {
    const node = /** @type {HTMLElement} */ (target);
    node.addEventListener('wheel', (e) => {
      e.preventDefault();
      const r = node.getBoundingClientRect();
      const px = e.clientX - r.left;
      const py = e.clientY - r.top;
      const k = Math.min(MAX_K, Math.max(MIN_K, view.k * Math.exp(-e.deltaY * 0.0015)));
      view = { k, x: px - ((px - view.x) * k) / view.k, y: py - ((py - view.y) * k) / view.k };
      lastZoom = performance.now();
      userMoved = true;
      apply();
    }, { passive: false });
    /** @type {{ x: number, y: number, vx: number, vy: number } | null} */
    let drag = null;
    node.addEventListener('pointerdown', (e) => {
      const t = /** @type {Element} */ (e.target);
      if (t.closest && t.closest('.vertex, .ns-header')) return;
      drag = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y };
      moved = false;
      node.setPointerCapture(e.pointerId);
    });
    node.addEventListener('pointermove', (e) => {
      if (!drag) return;
      if (!moved && Math.abs(e.clientX - drag.x) + Math.abs(e.clientY - drag.y) < 4) return; // a click, not a drag
      moved = true;
      node.classList.add('panning');
      view = { ...view, x: drag.vx + e.clientX - drag.x, y: drag.vy + e.clientY - drag.y };
      userMoved = true;
      apply();
    });
    const end = () => { drag = null; node.classList.remove('panning'); };
    node.addEventListener('pointerup', end);
    node.addEventListener('pointercancel', end);
  }
  /** When the wheel last zoomed: a canvas rescales its overview bitmap until the wheel rests. */
  let lastZoom = 0;
  /** True while the pointer moved since it went down: the click that ends a drag opens nothing. */
  let moved = false;

  let matchIndex = -1;
  function centreNextMatch() {
    const matches = current && current.scene ? current.scene.vertices.filter((v) => v.match) : [];
    if (!matches.length) return;
    matchIndex = (matchIndex + 1) % matches.length;
    const v = matches[matchIndex];
    const box = stage.getBoundingClientRect();
    const k = Math.max(view.k, 0.8);
    view = { k, x: box.width / 2 - (v.x + v.w / 2) * k, y: box.height / 2 - (v.y + v.h / 2) * k };
    userMoved = true;
    apply();
  }

  // ---- export --------------------------------------------------------------------------------------------------------
  const STYLE_PROPS = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'opacity', 'font-family', 'font-size', 'font-weight'];

  /** A standalone SVG: theme colours resolved into attributes (CSS variables mean nothing outside VS Code). */
  function standaloneSvg(/** @type {Renderer} */ r, /** @type {Scene} */ scene) {
    const { width, height } = scene;
    const svg = r.svgForExport();
    // The styles of the detailed drawing, not of an overview's oversized namespace names.
    const far = svg.classList.contains('far');
    svg.classList.remove('far');
    const copy = /** @type {SVGSVGElement} */ (svg.cloneNode(true));
    const originals = [svg, ...svg.querySelectorAll('*')];
    [copy, ...copy.querySelectorAll('*')].forEach((node, i) => {
      const cs = getComputedStyle(originals[i]);
      for (const p of STYLE_PROPS) node.setAttribute(p, cs.getPropertyValue(p));
      node.removeAttribute('class');
      node.removeAttribute('tabindex');
    });
    if (far) svg.classList.add('far');
    if (svg !== r.root) svg.remove();
    /** @type {Element} */ (copy.querySelector('#viewport')).removeAttribute('transform');
    const pad = 20;
    copy.setAttribute('xmlns', SVG);
    copy.setAttribute('viewBox', `${-pad} ${-pad} ${width + 2 * pad} ${height + 2 * pad}`);
    copy.setAttribute('width', String(width + 2 * pad));
    copy.setAttribute('height', String(height + 2 * pad));
    copy.insertBefore(el('svg:rect', { x: -pad, y: -pad, width: width + 2 * pad, height: height + 2 * pad, fill: getComputedStyle(document.body).backgroundColor }), copy.firstChild && copy.firstChild.nextSibling);
    return { text: new XMLSerializer().serializeToString(copy), width: width + 2 * pad, height: height + 2 * pad };
  }

  /** @param {'svg' | 'png'} format */
  function exportAs(format) {
    const more = /** @type {HTMLDetailsElement | null} */ (toolbar.querySelector('details.more'));
    if (more) more.open = false;
    if (!current || !current.scene || !renderer) return;
    const { text, width, height } = standaloneSvg(renderer, current.scene);
    if (format === 'svg') return post({ type: 'export', format, data: text });
    // Canvas limits: at most 2× and 8192 px a side.
    const scale = Math.min(2, 8192 / width, 8192 / height);
    const img = new Image();
    img.onload = () => {
      /** @type {HTMLCanvasElement} */
      const canvas = el('canvas', { width: Math.ceil(width * scale), height: Math.ceil(height * scale) });
      const g = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
      g.scale(scale, scale);
      g.drawImage(img, 0, 0);
      post({ type: 'export', format, data: canvas.toDataURL('image/png') });
    };
    img.src = `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(text)))}`;
  }

  const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

  // ---- messages ------------------------------------------------------------------------------------------------------
  /** Parses the scene's chunks one task each (a newer message wins), so no task runs long on a large pipeline. */
  let received = 0;
  window.addEventListener('message', async (/** @type {MessageEvent<WireMessage>} */ e) => {
    const wire = e.data;
    if (!wire || wire.type !== 'graph') return;
    const seq = ++received;
    const t0 = performance.now();
    // Phases on the browser's performance timeline (read by scripts/bench-graph-ui.mjs); the last message's only.
    for (const name of ['graph:parse-chunk', 'graph:message', 'graph:render', 'graph:draw']) performance.clearMeasures(name);
    /** @type {ToPanel} */
    let m = { ...wire, scene: undefined };
    if (wire.scene) {
      const { vertices, edges, ...rest } = wire.scene;
      /** @type {Vertex[]} */
      const vs = [];
      /** @type {Edge[]} */
      const es = [];
      /** @param {readonly string[]} chunks @param {unknown[]} into */
      const parse = async (chunks, into) => {
        for (const chunk of chunks) {
          const c0 = performance.now();
          into.push(...JSON.parse(chunk));
          performance.measure('graph:parse-chunk', { start: c0 });
          await nextTask();
        }
      };
      await parse(vertices, vs);
      await parse(edges, es);
      if (seq !== received) return;
      m = { ...wire, scene: { ...rest, vertices: vs, edges: es } };
    }
    current = m;
    const r0 = performance.now();
    renderToolbar(m.state);
    renderLegend(m.state, m.scene);
    if (renderer && renderer.dispose) renderer.dispose();
    if (!m.scene || !m.state) {
      renderer = null;
      drawnPipeline = null;
      stage.replaceChildren(el('p', { class: 'message' }, m.message || 'Nothing to draw.'));
      return;
    }
    const dir = m.state.direction || 'TB';
    renderer = m.scene.vertices.length >= CANVAS_FROM ? canvasRenderer(m.scene, dir) : svgRenderer(m.scene, dir);
    attachZoom(renderer.root);
    // While searching, what does not match steps back.
    renderer.root.classList.toggle('searching', !!m.state.search && m.scene.vertices.some((v) => v.match));
    if (m.message) stage.append(el('p', { class: 'notice', title: 'Click to dismiss', onclick: (/** @type {Event} */ ev) => /** @type {HTMLElement} */ (ev.currentTarget).remove() }, m.message));
    const pipeline = m.state.pipeline;
    const filter = JSON.stringify([m.state.selectedTags, m.state.hideParameters, m.state.focus || null, dir]);
    if (drawnPipeline !== pipeline) {
      // A pipeline the user zoomed or panned keeps that view (the panel may have been hidden and reloaded).
      const keep = saved.views[pipeline];
      if (keep && keep.user) { view = keep.view; userMoved = true; apply(); } else fit(false);
      drawnPipeline = pipeline;
    } else if (filter !== drawnFilter) fit(false); // another subset or layout of the pipeline: the old view may show none of it
    else apply();
    drawnFilter = filter;
    performance.measure('graph:message', { start: t0 });
    performance.measure('graph:render', { start: r0 });
  });
  window.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && current && current.state && current.state.focus) post({ type: 'focus' });
  });
  // The panel resized (sash, bottom panel, window): fit again unless the user chose a view; redraw a canvas either way.
  new ResizeObserver(() => fitToolbar()).observe(toolbar);
  new ResizeObserver(() => {
    if (!renderer) return;
    if (!userMoved) fit(false);
    else apply();
  }).observe(stage);
  // The stage's size lets the extension open a short, very wide pipeline in the direction its labels are readable in.
  const stageBox = stage.getBoundingClientRect();
  vscode.postMessage({ type: 'ready', stage: { width: Math.round(stageBox.width), height: Math.round(stageBox.height) } });
})();
