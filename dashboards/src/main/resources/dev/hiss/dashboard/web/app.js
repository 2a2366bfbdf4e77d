'use strict';
// The page controller: one EventSource (/api/stream) for status, device summaries and the
// selected device's series; REST polling for the fleet and models views while they are shown.
(() => {
  const V = window.HissViews;
  const $ = (id) => document.getElementById(id);
  const state = { device: null, source: null, view: 'devices', bounds: { pointsPerSeries: 2048 } };

  // ---- theme: dark or light, from the system preference until the user picks one
  function applyTheme(theme) {
    document.documentElement.dataset.theme = theme;
    $('theme').textContent = theme === 'dark' ? 'Light theme' : 'Dark theme';
    $('theme').setAttribute('aria-label', `Switch to the ${theme === 'dark' ? 'light' : 'dark'} theme`);
    if (chart) chart.redraw();
  }
  let chart = null;
  const stored = localStorage.getItem('hiss.theme');
  applyTheme(stored || (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'));
  $('theme').addEventListener('click', () => {
    const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
    localStorage.setItem('hiss.theme', next);
    applyTheme(next);
  });

  chart = new window.HissChart.LiveChart($('chart'), state.bounds.pointsPerSeries);
  const table = new V.DeviceTable(document.querySelector('#device-table tbody'), selectDevice);

  // ---- views (tabs are buttons; arrow keys move between them)
  const tabs = [...document.querySelectorAll('.tab')];
  function showView(name) {
    state.view = name;
    for (const t of tabs) t.setAttribute('aria-pressed', String(t.dataset.view === name));
    for (const v of document.querySelectorAll('.view')) v.hidden = v.id !== `view-${name}`;
    if (name === 'devices') chart.resize();
    pollViews();
  }
  tabs.forEach((t, i) => {
    t.addEventListener('click', () => showView(t.dataset.view));
    t.addEventListener('keydown', (e) => {
      const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
      if (!d) return;
      const next = tabs[(i + d + tabs.length) % tabs.length];
      next.focus();
      showView(next.dataset.view);
    });
  });

  $('search').addEventListener('input', (e) => {
    table.setFilter(e.target.value);
    updateCount();
  });
  const updateCount = () => {
    $('device-count').textContent = `${table.visibleCount()} of ${table.rows.size} devices shown`;
  };

  $('channel').addEventListener('change', (e) => {
    chart.setChannel(e.target.value);
    chart.redraw();
  });

  function selectDevice(id) {
    if (state.view !== 'devices') showView('devices');
    state.device = id;
    table.select(id);
    $('device-title').textContent = `Device ${id}`;
    chart.reset();
    $('channel').replaceChildren();
    $('channel').disabled = true;
    V.renderAlerts($('alert-list'), []);
    history.replaceState(null, '', `#device=${encodeURIComponent(id)}`);
    connect();
  }

  function updateChannels() {
    const sel = $('channel');
    const names = [...chart.channels.keys()];
    const have = [...sel.options].map((o) => o.value);
    if (names.length === have.length) return;
    for (const n of names.filter((x) => !have.includes(x))) sel.append(V.el('option', { value: n, text: n }));
    sel.disabled = names.length === 0;
    sel.value = chart.channel;
  }

  // ---- the stream
  function connect() {
    if (state.source) state.source.close();
    const url = '/api/stream' + (state.device ? `?device=${encodeURIComponent(state.device)}` : '');
    const es = new EventSource(url);
    state.source = es;
    es.onopen = () => setConn(true);
    es.onerror = () => {
      setConn(false);
      // EventSource retries by itself after a network error, but gives up for good (CLOSED) when
      // an answer is not an event stream (e.g. a proxy's error page); then start a new one.
      if (es.readyState === EventSource.CLOSED && state.source === es) {
        clearTimeout(state.retry);
        state.retry = setTimeout(() => { if (state.source === es) connect(); }, 2000);
      }
    };
    es.addEventListener('status', (e) => onStatus(JSON.parse(e.data)));
    es.addEventListener('devices', (e) => {
      const list = JSON.parse(e.data);
      table.update(list);
      updateCount();
      const mine = list.find((d) => d.id === state.device);
      if (mine) {
        $('device-meta').textContent = `last seen ${V.fmtUtc(mine.lastEventNs / 1e6)} · seq ${mine.lastSeq}` +
          ` · model ${mine.model || '—'} · ${mine.alertCount} alerts`;
      }
    });
    es.addEventListener('series', (e) => {
      const delta = JSON.parse(e.data);
      if (delta.id !== state.device) return;
      chart.apply(delta);
      updateChannels();
      if (delta.alerts.length) V.renderAlerts($('alert-list'), chart.alerts);
    });
  }

  function setConn(ok) {
    const c = $('conn');
    c.textContent = ok ? 'server: connected' : 'server: unreachable, retrying…';
    c.className = `pill ${ok ? 'ok' : 'bad'}`;
    if (!ok) {
      // what the broker does is unknown while the server that watches it cannot be reached
      $('broker').textContent = 'Kafka: unknown';
      $('broker').className = 'pill';
      showBanner('The dashboard server cannot be reached; retrying. Data shown may be old.');
    }
    else if (state.brokerUp !== false) showBanner(null);
  }

  function showBanner(text) {
    $('banner').hidden = !text;
    $('banner').textContent = text || '';
  }

  function onStatus(s) {
    if (s.bounds && s.bounds.pointsPerSeries !== chart.maxPoints) chart.maxPoints = s.bounds.pointsPerSeries;
    if (s.bounds) table.refreshStale(s.serverTimeMs, s.bounds.staleAfterMs);
    const b = s.broker;
    state.brokerUp = b.up;
    const pill = $('broker');
    pill.textContent = b.up ? `Kafka: up (${b.bootstrapServers})` : `Kafka: DOWN (${b.bootstrapServers})`;
    pill.className = `pill ${b.up ? 'ok' : 'bad'}`;
    pill.title = b.error || '';
    $('clock').textContent = V.fmtUtc(s.serverTimeMs);
    if (!b.up) {
      showBanner(`Kafka broker ${b.bootstrapServers} unreachable since ${V.fmtUtc(b.sinceMs)}` +
        ` (${b.error}). Showing the last data received; reconnecting automatically.`);
    } else {
      showBanner(null);
    }
  }

  // ---- fleet and models views (REST, every 2 s while shown)
  let histogram = null;
  const modelsView = new window.HissModels.ModelsView();
  async function pollViews() {
    try {
      if (state.view === 'fleet') {
        const fleet = await (await fetch('/api/fleet')).json();
        V.renderFleet($('fleet-summary'), document.querySelector('#worst-table tbody'), fleet, selectDevice);
        drawHistogram(fleet.histogram);
      } else if (state.view === 'models') {
        const models = await (await fetch('/api/models')).json();
        modelsView.render(models);
      }
    } catch (e) {
      // the stream's error handler reports an unreachable server
    }
  }
  setInterval(pollViews, 2000);

  function drawHistogram(h) {
    const css = getComputedStyle(document.documentElement);
    const x = h.counts.map((_, i) => (h.edges[i] + h.edges[i + 1]) / 2);
    const data = [x, h.counts];
    const box = $('histogram');
    if (histogram && histogram.theme === document.documentElement.dataset.theme) {
      histogram.setData(data);
      return;
    }
    if (histogram) histogram.destroy();
    const axis = { stroke: css.getPropertyValue('--fg').trim(), grid: { stroke: css.getPropertyValue('--grid').trim() } };
    histogram = new uPlot({
      width: Math.max(200, box.clientWidth), height: 220,
      scales: { x: { time: false } },
      series: [{ label: 'mean abs. error' }, {
        label: 'devices', fill: css.getPropertyValue('--raw').trim(), stroke: css.getPropertyValue('--raw').trim(),
        paths: uPlot.paths.bars({ size: [0.9] }), points: { show: false },
      }],
      axes: [{ ...axis, label: 'mean abs. error' }, { ...axis, label: 'devices' }],
    }, data, box);
    histogram.theme = document.documentElement.dataset.theme;
  }

  const fromHash = /^#device=(.+)$/.exec(location.hash);
  if (fromHash) selectDevice(decodeURIComponent(fromHash[1]));
  else connect();
})();
