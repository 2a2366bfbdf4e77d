'use strict';
// DOM helpers and table views. Every piece of data (device ids, channel names, alert text, model
// versions) goes into the page through textContent or a property, never through innerHTML.
window.HissViews = (() => {
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'text') e.textContent = v;
      else if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, String(v));
    }
    for (const c of children) e.append(c);
    return e;
  }

  const pad = (n, w = 2) => String(n).padStart(w, '0');
  /** An instant (ms since epoch) as "YYYY-MM-DD HH:MM:SS.mmm UTC". */
  function fmtUtc(ms) {
    if (!ms) return '—';
    const d = new Date(ms);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
      `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.` +
      `${pad(d.getUTCMilliseconds(), 3)} UTC`;
  }
  const fmtNum = (v) => (v === null || v === undefined || !isFinite(v) ? '—' : Number(v).toPrecision(4));

  /** Keeps one table row per device, updated in place so focus and selection survive. */
  class DeviceTable {
    constructor(tbody, onSelect) {
      this.tbody = tbody;
      this.onSelect = onSelect;
      this.rows = new Map();
      this.filter = '';
      this.selected = null;
    }
    update(summaries) {
      for (const s of summaries) {
        let row = this.rows.get(s.id);
        if (!row) {
          row = this.createRow(s.id);
          this.rows.set(s.id, row);
          this.insertSorted(row, s.id);
        }
        row.summary = s;
        this.setStale(row, s.stale);
        row.cells.seen.textContent = fmtUtc(s.lastEventNs / 1e6);
        row.cells.error.textContent = fmtNum(s.latestError);
        row.cells.alerts.textContent = String(s.alertCount);
        row.tr.hidden = !this.matches(s);
      }
    }
    setStale(row, stale) {
      row.cells.status.textContent = stale ? 'stale' : 'live';
      row.cells.status.className = stale ? 'status-stale' : 'status-live';
    }
    /** Re-evaluates live/stale on the server's clock (a silent device sends no updates). */
    refreshStale(serverTimeMs, staleAfterMs) {
      for (const r of this.rows.values()) {
        if (r.summary) this.setStale(r, serverTimeMs - r.summary.lastReceivedMs > staleAfterMs);
      }
    }
    createRow(id) {
      const cells = {
        status: el('td'), seen: el('td'), error: el('td', { class: 'num' }),
        alerts: el('td', { class: 'num' }),
      };
      const button = el('button', { type: 'button', class: 'dev-link', text: id,
        onclick: () => this.onSelect(id) });
      const tr = el('tr', { 'data-device': id }, el('td', {}, button), cells.status, cells.seen,
        cells.error, cells.alerts);
      return { tr, cells, id, summary: null };
    }
    insertSorted(row, id) {
      const next = [...this.rows.values()].filter((r) => r.id > id)
        .sort((a, b) => (a.id < b.id ? -1 : 1))[0];
      this.tbody.insertBefore(row.tr, next && next.tr.parentNode ? next.tr : null);
    }
    matches(s) {
      const q = this.filter;
      return !q || s.id.toLowerCase().includes(q) ||
        (s.channels || []).some((c) => c.toLowerCase().includes(q));
    }
    setFilter(q) {
      this.filter = q.trim().toLowerCase();
      for (const r of this.rows.values()) r.tr.hidden = !this.matches(r.summary);
    }
    select(id) {
      this.selected = id;
      for (const r of this.rows.values()) r.tr.setAttribute('aria-current', String(r.id === id));
    }
    visibleCount() {
      return [...this.rows.values()].filter((r) => !r.tr.hidden).length;
    }
  }

  function renderAlerts(ul, alerts) {
    ul.replaceChildren(...alerts.slice().reverse().map((a) => el('li', {},
      el('strong', { text: a.kind }), ' ', el('span', { class: 'muted', text: fmtUtc(a.timestampNs / 1e6) }),
      ' — ', el('span', { class: 'alert-message', text: a.message }),
      a.value === null ? '' : el('span', { class: 'muted', text: ` (value ${fmtNum(a.value)})` }))));
    if (!alerts.length) ul.replaceChildren(el('li', { class: 'muted', text: 'No alerts.' }));
  }

  function renderFleet(dl, tbody, fleet, onSelect) {
    const item = (k, v) => el('div', {}, el('dt', { text: k }), el('dd', { text: String(v) }));
    dl.replaceChildren(item('Devices', fleet.devices), item('Stale', fleet.stale),
      item('Alerts', fleet.alerts), item('As of', fmtUtc(fleet.serverTimeMs)));
    tbody.replaceChildren(...fleet.worst.map((d) => el('tr', {},
      el('td', {}, el('button', { type: 'button', class: 'dev-link', text: d.id, onclick: () => onSelect(d.id) })),
      el('td', { class: 'num', text: fmtNum(d.meanAbsError) }),
      el('td', { class: 'num', text: fmtNum(d.latestError) }),
      el('td', { class: 'num', text: String(d.alertCount) }),
      el('td', { text: d.model || '—' }))));
  }

  return { el, fmtUtc, fmtNum, DeviceTable, renderAlerts, renderFleet };
})();
