'use strict';
// The per-device live chart: uPlot (vendored from the uplot WebJar) with the raw signal, the
// forecast (with its interval band when the forecasts carry one: 90% for a standard deviation, the
// widest central quantile pair for quantiles, e.g. 80% for levels 0.1/0.5/0.9; its lower and upper
// bounds are drawn as sent, not necessarily symmetric about the forecast) and the ground truth of
// one channel, and alert markers as focusable DOM elements.
//
// A forecast of span k (the mean of k samples) is drawn as a step across its span: one point at
// the time of its first sample and one at its last, at the same value; span-1 forecasts are one
// point at the time of the sample they forecast.
window.HissChart = (() => {
  const { el, fmtUtc } = window.HissViews;

  /** A band level as the legend writes it: 0.8 → "80%", 0.95 → "95%". */
  const fmtLevel = (level) => `${Number((level * 100).toFixed(1))}%`;

  /** A time-sorted series: times (s) and one or more value columns. */
  const newSeries = (columns) => ({ t: [], cols: Array.from({ length: columns }, () => []) });

  function insertPoint(series, t, values) {
    const n = series.t.length;
    let j = n;
    if (n > 0 && t < series.t[n - 1]) {
      j = n - 1;
      while (j > 0 && series.t[j - 1] > t) j--;
    }
    series.t.splice(j, 0, t);
    series.cols.forEach((c, i) => c.splice(j, 0, values[i]));
  }

  function trim(series, maxPoints) {
    const extra = series.t.length - maxPoints;
    if (extra > 0) {
      series.t.splice(0, extra);
      for (const c of series.cols) c.splice(0, extra);
    }
  }

  /** Appends a plain series delta ({t: ns[], v: []}). */
  function appendPlain(series, d, maxPoints) {
    for (let i = 0; i < d.t.length; i++) insertPoint(series, d.t[i] / 1e9, [d.v[i]]);
    trim(series, maxPoints);
  }

  /**
   * Appends a forecast delta ({t, v, from, span, lower, upper, level}): columns value, upper,
   * lower, level (null without a band); a forecast whose span starts before its last sample becomes
   * two points (a step).
   */
  function appendForecast(series, d, maxPoints) {
    for (let i = 0; i < d.t.length; i++) {
      const row = [d.v[i], d.upper[i], d.lower[i], d.level[i]];
      if (d.from[i] < d.t[i]) insertPoint(series, d.from[i] / 1e9, row);
      insertPoint(series, d.t[i] / 1e9, row);
      series.maxSpan = Math.max(series.maxSpan || 1, d.span[i]);
      if (d.lower[i] !== null) series.bandPoints = (series.bandPoints || 0) + 1;
    }
    trim(series, 2 * maxPoints);
  }

  class LiveChart {
    constructor(container, maxPoints) {
      this.container = container;
      this.maxPoints = maxPoints;
      this.channels = new Map();
      this.alerts = [];
      this.channel = null;
      this.plot = null;
      this.markers = [];
      this.dirty = false;
      new ResizeObserver(() => this.resize()).observe(container);
    }

    reset() {
      this.channels.clear();
      this.alerts = [];
      this.channel = null;
      this.redraw();
    }

    /** Applies one series event (new points since the last one) from the server. */
    apply(delta) {
      for (const [name, ch] of Object.entries(delta.channels)) {
        let s = this.channels.get(name);
        if (!s) {
          s = { unit: ch.unit, raw: newSeries(1), forecast: newSeries(4), truth: newSeries(1) };
          this.channels.set(name, s);
        }
        appendPlain(s.raw, ch.raw, this.maxPoints);
        appendPlain(s.truth, ch.truth, this.maxPoints);
        appendForecast(s.forecast, ch.forecast, this.maxPoints);
      }
      this.alerts.push(...delta.alerts);
      if (this.alerts.length > 256) this.alerts.splice(0, this.alerts.length - 256);
      if (this.channel === null && this.channels.size) this.channel = this.channels.keys().next().value;
      this.scheduleRender();
    }

    setChannel(name) {
      this.channel = name;
      this.scheduleRender();
    }

    scheduleRender() {
      if (this.dirty) return;
      this.dirty = true;
      requestAnimationFrame(() => {
        this.dirty = false;
        this.render();
      });
    }

    /**
     * The levels of the held forecast bands of the selected channel, ascending (empty: no band is
     * drawn); more than one when the channel's model changed to one with another band.
     */
    bandLevels() {
      const s = this.channels.get(this.channel);
      if (!s) return [];
      const levels = new Set();
      s.forecast.cols[3].forEach((l, i) => {
        if (l !== null && s.forecast.cols[2][i] !== null) levels.add(l);
      });
      return [...levels].sort((a, b) => a - b);
    }

    /** The uPlot data: [x, raw, forecast, (upper, lower,) truth] joined on time. */
    data(band) {
      const s = this.channels.get(this.channel);
      const width = band ? 6 : 4;
      const empty = Array.from({ length: width }, () => []);
      if (!s) return empty;
      const parts = [
        { series: s.raw, cols: [0] },
        { series: s.forecast, cols: band ? [0, 1, 2] : [0] },
        { series: s.truth, cols: [0] },
      ];
      const present = parts.filter((p) => p.series.t.length);
      if (!present.length) return empty;
      const tables = present.map((p) => [p.series.t, ...p.cols.map((c) => p.series.cols[c])]);
      const joined = tables.length === 1 ? tables[0] : uPlot.join(tables);
      const out = [joined[0]];
      let col = 1;
      for (const p of parts) {
        if (p.series.t.length) {
          for (let i = 0; i < p.cols.length; i++) out.push(joined[col++]);
        } else {
          for (let i = 0; i < p.cols.length; i++) out.push(joined[0].map(() => null));
        }
      }
      return out;
    }

    render() {
      const levels = this.bandLevels();
      const band = levels.length ? `${[...new Set(levels.map(fmtLevel))].join('/')} interval` : null;
      if (this.plot && this.plotBand !== band) this.destroyPlot();
      const data = this.data(band !== null);
      const s = this.channels.get(this.channel);
      this.container.dataset.points = String(s ? s.raw.t.length : 0);
      this.container.dataset.forecastPoints = String(s ? s.forecast.t.length : 0);
      this.container.dataset.forecastSpan = String(s ? s.forecast.maxSpan || 1 : 0);
      this.container.dataset.bandPoints = String(s ? s.forecast.bandPoints || 0 : 0);
      this.container.dataset.band = band ? 'shown' : 'hidden';
      this.container.dataset.bandLevel = levels.join(' ');
      this.container.dataset.lastT = s && s.raw.t.length ? String(s.raw.t[s.raw.t.length - 1]) : '';
      if (!this.plot) this.create(data, band);
      else this.plot.setData(data);
    }

    destroyPlot() {
      this.plot.destroy();
      this.plot = null;
      this.markers = [];
    }

    /** Recreates the plot (theme change, first data). */
    redraw() {
      if (this.plot) this.destroyPlot();
      this.render();
    }

    /** Creates the plot; band is the band's legend name ("80% interval") or null for none. */
    create(data, band) {
      const css = getComputedStyle(document.documentElement);
      const c = (name) => css.getPropertyValue(name).trim();
      const s = this.channels.get(this.channel);
      const unit = s && s.unit ? ` (${s.unit})` : '';
      const axis = { stroke: c('--fg'), grid: { stroke: c('--grid') }, ticks: { stroke: c('--grid') } };
      const opts = {
        width: Math.max(200, this.container.clientWidth),
        height: 320,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
        scales: { x: { time: true } },
        series: [
          { label: 'time (UTC)', value: (u, v) => (v === null ? '—' : fmtUtc(v * 1e3)) },
          { label: 'raw' + unit, stroke: c('--raw'), width: 1, spanGaps: true },
          { label: 'forecast', stroke: c('--forecast'), width: 1.5, dash: [6, 3], spanGaps: true },
          ...(band ? [
            { label: `${band} (upper)`, stroke: c('--band-edge'), width: 1, spanGaps: true, points: { show: false } },
            { label: `${band} (lower)`, stroke: c('--band-edge'), width: 1, spanGaps: true, points: { show: false } },
          ] : []),
          { label: 'ground truth', stroke: c('--truth'), width: 1, spanGaps: true },
        ],
        bands: band ? [{ series: [3, 4], fill: c('--band') }] : [],
        axes: [{ ...axis, label: 'time (UTC)', space: 110, values: (u, ticks) => ticks.map((t) => fmtUtc(t * 1e3).slice(11, 23)) }, { ...axis, label: this.channel || '' }],
        hooks: { draw: [(u) => this.placeMarkers(u)] },
      };
      this.plot = new uPlot(opts, data, this.container);
      this.plotBand = band;
    }

    placeMarkers(u) {
      const min = u.scales.x.min;
      const max = u.scales.x.max;
      const visible = this.alerts.filter((a) => {
        const t = a.timestampNs / 1e9;
        return min !== undefined && t >= min && t <= max;
      });
      while (this.markers.length < visible.length) {
        const m = el('button', { type: 'button', class: 'alert-marker' });
        u.over.append(m);
        this.markers.push(m);
      }
      this.markers.forEach((m, i) => {
        const a = visible[i];
        m.hidden = !a;
        if (!a) return;
        m.style.left = `${u.valToPos(a.timestampNs / 1e9, 'x')}px`;
        const label = `Alert ${a.kind} at ${fmtUtc(a.timestampNs / 1e6)}: ${a.message}`;
        m.title = label;
        m.setAttribute('aria-label', label);
      });
      this.container.dataset.alertMarkers = String(visible.length);
    }

    resize() {
      if (this.plot) this.plot.setSize({ width: Math.max(200, this.container.clientWidth), height: 320 });
    }
  }

  return { LiveChart };
})();
