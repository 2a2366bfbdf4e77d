'use strict';
// The per-device live chart: uPlot (vendored from the uplot WebJar) with the raw signal, the
// forecast and the ground truth of one channel, and alert markers as focusable DOM elements.
window.HissChart = (() => {
  const { el, fmtUtc } = window.HissViews;
  const KINDS = ['raw', 'forecast', 'truth'];

  function appendSorted(series, ts, vs, maxPoints) {
    for (let i = 0; i < ts.length; i++) {
      const t = ts[i] / 1e9; // uPlot time scales are in seconds
      const n = series.t.length;
      if (n === 0 || t >= series.t[n - 1]) {
        series.t.push(t);
        series.v.push(vs[i]);
      } else {
        let j = n - 1;
        while (j > 0 && series.t[j - 1] > t) j--;
        series.t.splice(j, 0, t);
        series.v.splice(j, 0, vs[i]);
      }
    }
    const extra = series.t.length - maxPoints;
    if (extra > 0) {
      series.t.splice(0, extra);
      series.v.splice(0, extra);
    }
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
          s = { unit: ch.unit, raw: { t: [], v: [] }, forecast: { t: [], v: [] }, truth: { t: [], v: [] } };
          this.channels.set(name, s);
        }
        for (const k of KINDS) appendSorted(s[k], ch[k].t, ch[k].v, this.maxPoints);
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

    data() {
      const s = this.channels.get(this.channel);
      if (!s) return [[], [], [], []];
      const tables = KINDS.map((k) => [s[k].t, s[k].v]).filter((tb) => tb[0].length);
      const kinds = KINDS.filter((k) => s[k].t.length);
      if (!tables.length) return [[], [], [], []];
      const joined = tables.length === 1 ? tables[0] : uPlot.join(tables);
      const out = [joined[0]];
      for (const k of KINDS) {
        const idx = kinds.indexOf(k);
        out.push(idx < 0 ? joined[0].map(() => null) : joined[idx + 1]);
      }
      return out;
    }

    render() {
      const data = this.data();
      const s = this.channels.get(this.channel);
      this.container.dataset.points = String(s ? s.raw.t.length : 0);
      this.container.dataset.forecastPoints = String(s ? s.forecast.t.length : 0);
      this.container.dataset.lastT = s && s.raw.t.length ? String(s.raw.t[s.raw.t.length - 1]) : '';
      if (!this.plot) this.create(data);
      else this.plot.setData(data);
    }

    /** Recreates the plot (theme change, first data). */
    redraw() {
      if (this.plot) {
        this.plot.destroy();
        this.plot = null;
        this.markers = [];
      }
      this.render();
    }

    create(data) {
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
          { label: 'ground truth', stroke: c('--truth'), width: 1, spanGaps: true },
        ],
        axes: [{ ...axis, label: 'time (UTC)', space: 110, values: (u, ticks) => ticks.map((t) => fmtUtc(t * 1e3).slice(11, 23)) }, { ...axis, label: this.channel || '' }],
        hooks: { draw: [(u) => this.placeMarkers(u)] },
      };
      this.plot = new uPlot(opts, data, this.container);
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
