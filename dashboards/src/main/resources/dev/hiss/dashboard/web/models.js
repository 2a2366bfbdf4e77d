'use strict';
// The models view: the model registry's versions (metrics, stage, checksum, whether predictions
// carry it) with the selected version's training curves (uPlot) and provenance, and the versions
// seen in the predictions stream. Data only ever reaches the DOM as text.
window.HissModels = (() => {
  const { el, fmtUtc, fmtNum } = window.HissViews;
  const SHOWN_METRICS = ['validationMse', 'zeroBaselineMse', 'bestEpoch'];
  const isoUtc = (iso) => (iso ? fmtUtc(Date.parse(iso)) : '—');
  const key = (m) => `${m.name}/${m.version}`;

  class ModelsView {
    constructor() {
      this.selected = null;
      this.plot = null;
      this.plotKey = null;
      this.data = null;
    }

    render(data) {
      this.data = data;
      const reg = data.registry;
      const models = data.models;
      const info = document.getElementById('registry-info');
      if (!reg.dir) info.textContent = 'No model registry configured (./hiss dashboard --registry DIR).';
      else info.textContent = `Registry ${reg.dir} · ${reg.versions} versions · checked ${fmtUtc(reg.checkedAtMs)}`;
      const err = document.getElementById('registry-error');
      err.hidden = !reg.error;
      err.textContent = reg.error ? `Registry partly unreadable: ${reg.error}` : '';
      if (!models.some((m) => key(m) === this.selected)) {
        // by default a production version, one with training curves if there is one
        const hasCurves = (m) => Object.keys(m.curves).length > 0;
        const pick = models.find((m) => m.production && hasCurves(m)) || models.find((m) => m.production) ||
          models[0];
        this.selected = pick ? key(pick) : null;
      }
      this.renderTable(models);
      this.renderStream(data.stream);
      this.renderDetail(models.find((m) => key(m) === this.selected) || null);
    }

    select(k) {
      this.selected = k;
      if (this.data) this.render(this.data);
    }

    renderTable(models) {
      const tbody = document.querySelector('#registry-table tbody');
      if (!models.length) {
        tbody.replaceChildren(el('tr', {}, el('td', { colspan: 7, class: 'muted', text: 'No registered models.' })));
        return;
      }
      tbody.replaceChildren(...models.map((m) => {
        const metrics = SHOWN_METRICS.filter((n) => n in m.metrics)
          .map((n) => `${n} ${n === 'bestEpoch' ? m.metrics[n] + 1 : fmtNum(m.metrics[n])}`).join(' · ');
        const stage = el('td', { class: `stage stage-${m.stage.toLowerCase()}` },
          m.production ? el('strong', { text: '★ production' }) : m.stage.toLowerCase());
        const live = m.live ? `${m.live.predictions} predictions, last ${fmtUtc(m.live.lastSeenMs)}` : '—';
        return el('tr', { 'data-model': key(m), 'data-stage': m.stage, 'aria-current': String(key(m) === this.selected) },
          el('td', {}, el('button', { type: 'button', class: 'dev-link', text: `${m.name} v${m.version}`,
            'aria-label': `Show training curves of ${m.name} version ${m.version}`, onclick: () => this.select(key(m)) })),
          stage, el('td', { text: m.kind }), el('td', { text: metrics || '—' }),
          el('td', { text: isoUtc(m.registeredAt) }),
          el('td', { class: 'mono', text: m.modelVersion, title: m.sha256 }),
          el('td', { class: 'live', text: live }));
      }));
    }

    renderStream(stream) {
      const tbody = document.querySelector('#model-table tbody');
      tbody.replaceChildren(...stream.map((m) => el('tr', { 'data-version': m.version },
        el('td', { class: 'mono', text: m.version }),
        el('td', { text: m.registered ? `${m.registered.name} v${m.registered.version} (${m.registered.stage.toLowerCase()})` : 'not registered' }),
        el('td', { class: 'num', text: String(m.predictions) }),
        el('td', { class: 'num', text: String(m.devices) }), el('td', { class: 'num', text: String(m.scored) }),
        el('td', { class: 'num', text: fmtNum(m.meanAbsError) }),
        el('td', { text: fmtUtc(m.firstSeenMs) }), el('td', { text: fmtUtc(m.lastSeenMs) }))));
      if (!stream.length) {
        tbody.replaceChildren(el('tr', {}, el('td', { colspan: 8, class: 'muted', text: 'No predictions yet.' })));
      }
    }

    renderDetail(m) {
      const title = document.getElementById('model-detail-title');
      const box = document.getElementById('training-curve');
      const prov = document.getElementById('model-provenance');
      if (!m) {
        title.textContent = 'Training curves';
        this.drawCurves(box, null, null);
        prov.replaceChildren();
        return;
      }
      title.textContent = `Training curves of ${m.name} v${m.version}${m.production ? ' (production)' : ''}`;
      this.drawCurves(box, m, key(m));
      const p = m.provenance;
      const item = (k, v) => el('div', {}, el('dt', { text: k }), el('dd', { text: String(v) }));
      const items = [item('Checksum (SHA-256)', m.sha256), item('Stage', `${m.stage.toLowerCase()} since ${isoUtc(m.stageChangedAt)}`),
        item('Trained on', p.trainedOn), item('Data', `${isoUtc(p.dataFrom)} – ${isoUtc(p.dataTo)}`),
        item('Seed', p.seed), item('Code version', p.codeVersion), item('Created', isoUtc(p.createdAt))];
      for (const [k, v] of Object.entries(m.metrics)) items.push(item(`metric ${k}`, k === 'bestEpoch' ? `${v + 1} (1-based)` : fmtNum(v)));
      for (const [k, v] of Object.entries(p.config)) items.push(item(k, v));
      prov.replaceChildren(...items);
    }

    drawCurves(box, m, k) {
      const names = m ? Object.keys(m.curves) : [];
      const theme = document.documentElement.dataset.theme;
      const stamp = m ? `${k}|${m.sha256}|${theme}` : null;
      if (stamp === this.plotKey) return;
      this.plotKey = stamp;
      if (this.plot) { this.plot.destroy(); this.plot = null; }
      box.replaceChildren();
      box.dataset.model = k || '';
      box.dataset.curves = String(names.length);
      box.dataset.epochs = '0';
      box.dataset.bestEpoch = '';
      if (!names.length) {
        box.append(el('p', { class: 'muted', text: m ? 'This version stores no per-epoch history.' : 'No model selected.' }));
        return;
      }
      const epochs = [...new Set(names.flatMap((n) => m.curves[n].epoch))].sort((a, b) => a - b);
      const columns = names.map((n) => {
        const at = new Map(m.curves[n].epoch.map((e, i) => [e, m.curves[n].value[i]]));
        return epochs.map((e) => (at.has(e) ? at.get(e) : null));
      });
      const best = Number.isInteger(m.metrics.bestEpoch) ? m.metrics.bestEpoch + 1 : null;
      const vIdx = names.indexOf('validationLoss');
      const bestCol = epochs.map((e) => (e === best && vIdx >= 0 ? columns[vIdx][epochs.indexOf(e)] : null));
      const css = getComputedStyle(document.documentElement);
      const color = (v) => css.getPropertyValue(v).trim();
      const palette = ['--raw', '--forecast', '--truth', '--accent', '--warn'];
      const axis = { stroke: color('--fg'), grid: { stroke: color('--grid') } };
      const series = [{ label: 'epoch' }, ...names.map((n, i) => ({
        label: n, stroke: color(palette[i % palette.length]), width: 2, spanGaps: true,
      }))];
      const data = [epochs, ...columns];
      if (best !== null && vIdx >= 0) {
        series.push({ label: `best epoch ${best}`, stroke: color('--alert'), width: 0,
          points: { show: true, size: 10, fill: color('--alert') } });
        data.push(bestCol);
      }
      this.plot = new uPlot({
        width: Math.max(300, box.clientWidth), height: 260,
        scales: { x: { time: false } },
        series,
        axes: [{ ...axis, label: 'epoch', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] },
          { ...axis, label: 'loss' }],
      }, data, box);
      box.dataset.epochs = String(epochs.length);
      box.dataset.bestEpoch = best === null ? '' : String(best);
    }
  }

  return { ModelsView };
})();
