// The Timeline view's page: draws the state the extension posts (bar,
// cursor, markers, event rows) and reports clicks, drags and keys on the bar
// and clicks on rows as seek requests. All geometry comes from the
// extension (extension/timelineLayout.ts); this file only turns fractions
// into CSS percentages. No external resources (the page's CSP forbids them).
// @ts-check
(function () {
  // @ts-expect-error acquireVsCodeApi is provided by the webview host
  const vscode = acquireVsCodeApi();
  const root = /** @type {HTMLElement} */ (document.getElementById('timeline'));

  /** @param {string} tag @param {string} [cls] @param {string} [text] */
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /** @type {any} the last state posted by the extension */
  let state = null;
  let dragging = false;

  function fractionAt(bar, clientX) {
    const r = bar.getBoundingClientRect();
    return r.width > 0 ? Math.min(1, Math.max(0, (clientX - r.left) / r.width)) : 0;
  }

  function renderEmpty() {
    const box = el('div', 'empty');
    box.appendChild(el('p', 'note', state ? state.note : ''));
    const labels = { 'rewind.recordProgram': 'Record Program…', 'rewind.replayRecording': 'Replay Recording…' };
    for (const command of (root.dataset.commands || '').split(' ').filter(Boolean)) {
      const b = el('button', 'action', labels[command] || command);
      b.addEventListener('click', () => vscode.postMessage({ type: 'command', command }));
      box.appendChild(b);
    }
    root.replaceChildren(box);
  }

  function render() {
    if (!state || !state.session || !state.cursor) {
      renderEmpty();
      return;
    }
    const s = state;
    const head = el('div', 'head');
    head.appendChild(el('span', 'mode mode-' + s.session.mode.toLowerCase(), s.session.mode));
    head.appendChild(el('span', 'program', s.session.program));
    if (s.session.live) head.appendChild(el('span', 'live', 'LIVE'));
    head.appendChild(el('span', 'position', 'icount ' + s.cursor.label + ' / ' + s.lengthLabel));

    const bar = el('div', 'bar');
    bar.tabIndex = 0;
    bar.setAttribute('role', 'slider');
    bar.setAttribute('aria-label', 'Position in the recording');
    bar.setAttribute('aria-valuemin', '0');
    bar.setAttribute('aria-valuemax', '1000');
    bar.setAttribute('aria-valuenow', String(Math.round(s.cursor.fraction * 1000)));
    bar.setAttribute('aria-valuetext', 'icount ' + s.cursor.label);
    bar.appendChild(el('div', 'past')).style.width = s.cursor.fraction * 100 + '%';
    for (const m of s.markers) {
      const mark = el('div', 'marker kind-' + m.kind);
      mark.style.left = m.fraction * 100 + '%';
      mark.title = m.title;
      mark.dataset.icount = String(m.icount);
      bar.appendChild(mark);
    }
    const cursor = el('div', 'cursor');
    cursor.style.left = s.cursor.fraction * 100 + '%';
    cursor.title = 'icount ' + s.cursor.label;
    bar.appendChild(cursor);

    bar.addEventListener('pointerdown', (e) => {
      const target = /** @type {HTMLElement} */ (e.target);
      if (target.classList.contains('marker')) {
        vscode.postMessage({ type: 'seekIcount', icount: Number(target.dataset.icount) });
        return;
      }
      dragging = true;
      bar.setPointerCapture(e.pointerId);
      cursor.style.left = fractionAt(bar, e.clientX) * 100 + '%';
    });
    bar.addEventListener('pointermove', (e) => {
      if (dragging) cursor.style.left = fractionAt(bar, e.clientX) * 100 + '%';
    });
    bar.addEventListener('pointerup', (e) => {
      if (!dragging) return;
      dragging = false;
      vscode.postMessage({ type: 'seekFraction', fraction: fractionAt(bar, e.clientX) });
    });
    bar.addEventListener('keydown', (e) => {
      const step = e.shiftKey ? 0.1 : 0.01;
      if (e.key === 'ArrowLeft') vscode.postMessage({ type: 'seekFraction', fraction: s.cursor.fraction - step });
      else if (e.key === 'ArrowRight') vscode.postMessage({ type: 'seekFraction', fraction: s.cursor.fraction + step });
      else if (e.key === 'Home') vscode.postMessage({ type: 'seekFraction', fraction: 0 });
      else if (e.key === 'End') vscode.postMessage({ type: 'seekFraction', fraction: 1 });
    });

    const list = el('ul', 'events');
    list.setAttribute('aria-label', 'Events of the recording');
    s.rows.forEach((r, i) => {
      // Every event at the cursor's icount is current (several can share one instruction).
      const isCurrent = i >= s.current.start && i < s.current.end;
      const row = el('li', 'event kind-' + r.kind + (isCurrent ? ' current' : ''));
      if (isCurrent) row.setAttribute('aria-current', 'true');
      row.tabIndex = 0;
      row.dataset.icount = String(r.icount);
      row.appendChild(el('span', 'icount', r.icountLabel));
      row.appendChild(el('span', 'kind', r.kind));
      row.appendChild(el('span', 'description', r.description));
      const seek = () => vscode.postMessage({ type: 'seekIcount', icount: r.icount });
      row.addEventListener('click', seek);
      row.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') seek();
      });
      list.appendChild(row);
    });

    root.replaceChildren(head, bar, el('div', 'note', s.note), list);
    // The first of the current rows: with several at one icount, the list shows where they begin.
    const current = list.querySelector('.current');
    if (current) current.scrollIntoView({ block: 'nearest' });
  }

  window.addEventListener('message', (e) => {
    const m = e.data;
    if (m && m.type === 'state') {
      state = m.state;
      if (!dragging) render();
    }
  });
  vscode.postMessage({ type: 'ready' });
})();
