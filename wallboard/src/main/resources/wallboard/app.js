// The Switchboard wallboard: a tenant's agents, queues and calls, kept live by server-sent events.
// Plain browser JavaScript, no libraries: the statistics come computed from the server.
(function () {
  'use strict';
  const API = '/wallboard/api/tenants';
  const $ = (id) => document.getElementById(id);
  const state = { tenant: null, agents: new Map(), queues: new Map(), calls: new Map(),
    selected: null, steps: [], stepKeys: new Set(), stream: null, generation: 0 };

  // ------------------------------------------------------------ requests, with the key if any

  function headers() {
    const key = sessionStorage.getItem('switchboard-key');
    return key ? { Authorization: 'Bearer ' + key } : {};
  }

  async function get(path) {
    const response = await fetch(path, { headers: headers(), cache: 'no-store' });
    if (response.status === 401 || response.status === 403) {
      askForKey();
      throw new Error((await response.json()).error);
    }
    if (!response.ok) {
      throw new Error((await response.json().catch(() => ({}))).error || 'HTTP ' + response.status);
    }
    return response.json();
  }

  function askForKey() {
    $('key-form').hidden = false;
    setStatus('a key is needed', 'error');
  }

  $('key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem('switchboard-key', $('key').value.trim());
    $('key-form').hidden = true;
    loadTenants();
  });

  function setStatus(text, kind) {
    const s = $('status');
    s.textContent = text;
    s.className = 'status ' + (kind || '');
  }

  // ------------------------------------------------------------ tenants

  async function loadTenants() {
    let body;
    try {
      body = await get(API);
    } catch (e) {
      setStatus(e.message, 'error');
      setTimeout(loadTenants, 3000);
      return;
    }
    const select = $('tenant');
    const wanted = new URLSearchParams(location.search).get('tenant') || state.tenant;
    select.replaceChildren(...body.tenants.map((t) => new Option(t, t)));
    if (body.tenants.length === 0) {
      setStatus('no tenant has published yet (' + body.status + ')', '');
      setTimeout(loadTenants, 2000);
      return;
    }
    const tenant = body.tenants.includes(wanted) ? wanted : body.tenants[0];
    select.value = tenant;
    watch(tenant);
  }

  $('tenant').addEventListener('change', (e) => watch(e.target.value));

  // ------------------------------------------------------------ the live stream

  async function watch(tenant) {
    state.generation++;
    const generation = state.generation;
    if (state.stream) {
      state.stream.abort();
    }
    state.tenant = tenant;
    state.agents.clear(); state.queues.clear(); state.calls.clear();
    $('agents').replaceChildren(); $('queues').replaceChildren();
    document.querySelector('#calls tbody').replaceChildren();
    closeDiagram();
    const controller = new AbortController();
    state.stream = controller;
    let pending = [];
    let loaded = false;
    const base = API + '/' + encodeURIComponent(tenant);
    try {
      const response = await fetch(base + '/live', { headers: headers(), signal: controller.signal });
      if (!response.ok) {
        if (response.status === 401 || response.status === 403) askForKey();
        throw new Error((await response.json()).error);
      }
      // changes that arrive while the snapshot loads wait for it
      get(base).then((snapshot) => {
        if (generation !== state.generation) return;
        applySnapshot(snapshot);
        loaded = true;
        pending.forEach(applyBatch);
        pending = [];
        setStatus('live', 'live');
      }).catch((e) => setStatus(e.message, 'error'));
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = message.split('\n').filter((l) => l.startsWith('data: '))
            .map((l) => l.slice(6)).join('\n');
          if (!data) continue;
          const batch = JSON.parse(data);
          if (batch.reload) { watch(tenant); return; }
          if (loaded) applyBatch(batch); else pending.push(batch);
        }
      }
      throw new Error('the stream ended');
    } catch (e) {
      if (generation !== state.generation) return;
      setStatus('reconnecting: ' + e.message, 'error');
      setTimeout(() => { if (generation === state.generation) watch(tenant); }, 2000);
    }
  }

  function applySnapshot(snapshot) {
    snapshot.queues.forEach((q) => putQueue(q));
    snapshot.agents.forEach((a) => putAgent(a));
    snapshot.calls.forEach((c) => putCall(c));
    summarize();
  }

  function applyBatch(batch) {
    for (const change of batch.changes) {
      if (change.kind === 'agent') putAgent(change.view);
      else if (change.kind === 'queue') putQueue(change.view);
      else if (change.kind === 'call') {
        if (change.removed) removeCall(change.id); else putCall(change.view);
      }
    }
    for (const step of batch.steps) {
      if (step.callThread === state.selected) addStep(step);
    }
    summarize();
  }

  // ------------------------------------------------------------ agents

  function putAgent(a) {
    state.agents.set(a.agentId, a);
    let tile = document.querySelector('.agent[data-agent="' + CSS.escape(a.agentId) + '"]');
    if (!tile) {
      tile = document.createElement('div');
      tile.dataset.agent = a.agentId;
      tile.innerHTML = '<span class="id"></span> <span class="meta dn"></span>'
        + '<span class="state"></span><span class="meta"><span class="time"></span>'
        + ' · <span class="handled"></span> calls</span>';
      insertSorted($('agents'), tile, a.agentId);
    }
    tile.className = 'agent state-' + a.state;
    tile.querySelector('.id').textContent = a.agentId;
    tile.querySelector('.dn').textContent = a.dn || '';
    let label = a.state;
    if (a.state === 'NotReady' && a.reasons) {
      label += ' (' + Object.values(a.reasons).join(', ') + ')';
    } else if (a.state === 'NotReady' && a.workMode && a.workMode !== 'Unknown') {
      label += ' (' + a.workMode + ')';
    }
    tile.querySelector('.state').textContent = label;
    tile.querySelector('.handled').textContent = a.callsHandled;
    tile.dataset.since = a.sinceMillis;
    tile.querySelector('.time').textContent = clock(Date.now() - a.sinceMillis);
  }

  function insertSorted(parent, node, key) {
    node.dataset.order = key;
    for (const child of parent.children) {
      if (natural(child.dataset.order, key) > 0) {
        parent.insertBefore(node, child);
        return;
      }
    }
    parent.appendChild(node);
  }

  function natural(a, b) {
    return a.localeCompare(b, undefined, { numeric: true });
  }

  // ------------------------------------------------------------ queues

  function putQueue(q) {
    state.queues.set(q.queue, q);
    let tile = document.querySelector('.queue[data-queue="' + CSS.escape(q.queue) + '"]');
    if (!tile) {
      tile = document.createElement('div');
      tile.dataset.queue = q.queue;
      tile.innerHTML = '<div><span class="name"></span><span class="kind"></span></div>'
        + '<div class="big"><div><b class="waiting"></b><span>waiting</span></div>'
        + '<div><b class="longest"></b><span>longest wait</span></div>'
        + '<div class="sl-box"><b class="sl"></b><span>service level</span></div></div>'
        + '<table><tr><th></th><td>offered</td><td>answered</td><td>abandoned</td><td>ASA</td><td>SL</td><td>AHT</td></tr>'
        + '<tr class="interval"></tr><tr class="today"></tr></table>';
    }
    // queues first, then routing points (a DN is known as one at its first EventRouteRequest)
    const order = (q.kind === 'RoutingPoint' ? '1 ' : '0 ') + q.queue;
    if (tile.dataset.order !== order) {
      tile.remove();
      insertSorted($('queues'), tile, order);
    }
    tile.className = 'queue' + (q.waiting > 0 ? ' busy' : '') + (q.kind === 'RoutingPoint' ? ' routing-point' : '');
    tile.querySelector('.name').textContent = q.queue;
    tile.querySelector('.kind').textContent = q.kind === 'RoutingPoint' ? 'routing point' : 'queue';
    tile.querySelector('.waiting').textContent = q.waiting;
    tile.dataset.oldest = q.oldestWaitingSinceMillis || '';
    tile.querySelector('.longest').textContent =
      q.oldestWaitingSinceMillis ? clock(Date.now() - q.oldestWaitingSinceMillis) : '–';
    const interval = current(q.interval);
    tile.querySelector('.sl').textContent = percent(current(q.today).serviceLevel);
    tile.querySelector('.interval').innerHTML = row('this ' + minutes(q) + ' min', interval);
    tile.querySelector('.today').innerHTML = row('today', current(q.today));
  }

  // a period that has ended without a new event shows zeros, not its last figures
  function current(figures) {
    if (Date.now() < figures.endMillis) return figures;
    return { offered: 0, answered: 0, abandoned: 0, asaSeconds: 0, serviceLevel: 0, ahtSeconds: 0 };
  }

  function minutes(q) { return Math.round((q.interval.endMillis - q.interval.startMillis) / 60000); }

  function row(label, f) {
    return '<th>' + label + '</th><td>' + f.offered + '</td><td>' + f.answered + '</td><td>'
      + f.abandoned + '</td><td>' + seconds(f.asaSeconds) + '</td><td>' + percent(f.serviceLevel)
      + '</td><td>' + seconds(f.ahtSeconds) + '</td>';
  }

  // ------------------------------------------------------------ calls

  function putCall(c) {
    state.calls.set(c.callThread, c);
    const body = document.querySelector('#calls tbody');
    let tr = body.querySelector('tr[data-call="' + CSS.escape(c.callThread) + '"]');
    if (!tr) {
      tr = document.createElement('tr');
      tr.className = 'call';
      tr.dataset.call = c.callThread;
      tr.innerHTML = '<td class="thread"></td><td class="caller"></td><td class="parties"></td>'
        + '<td class="userdata"></td><td class="since"></td>';
      tr.addEventListener('click', () => openDiagram(c.callThread));
      body.appendChild(tr);
    }
    tr.classList.toggle('selected', c.callThread === state.selected);
    tr.querySelector('.thread').textContent = c.callThread;
    tr.querySelector('.caller').textContent = (c.ani || '') + (c.dnis ? ' → ' + c.dnis : '');
    tr.querySelector('.parties').textContent =
      c.parties.map((p) => p.dn + ' ' + p.state).join(', ');
    tr.querySelector('.userdata').textContent = c.userData
      ? Object.entries(c.userData).map(([k, v]) => k + '=' + (typeof v === 'object' ? JSON.stringify(v) : v)).join(' ')
      : '';
    tr.dataset.since = c.startMillis;
    tr.querySelector('.since').textContent = clock(Date.now() - c.startMillis);
  }

  function removeCall(thread) {
    state.calls.delete(thread);
    const tr = document.querySelector('#calls tr[data-call="' + CSS.escape(thread) + '"]');
    if (tr) tr.remove();
    if (thread === state.selected) $('diagram-title').textContent = thread + ' (ended)';
  }

  // ------------------------------------------------------------ a call's sequence diagram

  async function openDiagram(thread) {
    state.selected = thread;
    state.steps = []; state.stepKeys = new Set();
    document.querySelectorAll('#calls tr.call').forEach((tr) =>
      tr.classList.toggle('selected', tr.dataset.call === thread));
    $('diagram-panel').hidden = false;
    $('diagram-title').textContent = thread;
    drawDiagram();
    try {
      const call = await get(API + '/' + encodeURIComponent(state.tenant) + '/calls/' + encodeURIComponent(thread));
      if (state.selected !== thread) return;
      call.steps.forEach(addStep);
    } catch (e) {
      $('diagram-title').textContent = thread + ': ' + e.message;
    }
  }

  function closeDiagram() {
    state.selected = null;
    state.steps = []; state.stepKeys = new Set();
    $('diagram-panel').hidden = true;
  }

  function addStep(step) {
    const key = step.time + '|' + step.id + '|' + step.dn + '|' + step.connId;
    if (state.stepKeys.has(key)) return;
    state.stepKeys.add(key);
    state.steps.push(step);
    drawDiagram();
  }

  const SVG = 'http://www.w3.org/2000/svg';
  function el(name, attrs, text) {
    const e = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // lifelines are the DNs in order of appearance; each event is a row on its DN's lifeline,
  // with an arrow from the DN it names as OtherDN or ThirdPartyDN when that DN has a lifeline
  function drawDiagram() {
    const dns = [];
    for (const s of state.steps) {
      for (const dn of [s.dn, s.otherDn, s.thirdPartyDn]) {
        if (dn && !dns.includes(dn)) dns.push(dn);
      }
    }
    const colWidth = 120, left = 70, top = 30, rowHeight = 22;
    const width = left + Math.max(dns.length, 1) * colWidth + 110;
    const height = top + state.steps.length * rowHeight + 20;
    const svg = el('svg', { width, height, class: 'sequence' });
    const x = (dn) => left + dns.indexOf(dn) * colWidth + colWidth / 2;
    dns.forEach((dn) => {
      svg.appendChild(el('text', { x: x(dn), y: 16, 'text-anchor': 'middle', class: 'head' }, dn));
      svg.appendChild(el('line', { x1: x(dn), y1: 22, x2: x(dn), y2: height - 5, class: 'lifeline' }));
    });
    state.steps.forEach((s, i) => {
      const y = top + i * rowHeight + 12;
      const g = el('g', { class: 'step', 'data-event': s.id });
      g.appendChild(el('text', { x: 4, y: y + 4, class: 'when' }, s.time.substring(11, 19)));
      const from = s.thirdPartyDn && s.id === 'EventDiverted' ? s.thirdPartyDn : s.otherDn;
      if (s.dn && from && from !== s.dn) {
        g.appendChild(el('line', { x1: x(s.dn), y1: y, x2: x(from), y2: y, class: 'arrow' }));
      }
      if (s.dn) {
        g.appendChild(el('circle', { cx: x(s.dn), cy: y, r: 4, class: 'dot' }));
        g.appendChild(el('text', { x: x(s.dn) + 7, y: y - 3 }, s.id));
      }
      svg.appendChild(g);
    });
    $('diagram').replaceChildren(svg);
  }

  // ------------------------------------------------------------ figures and clocks

  function summarize() {
    const counts = {};
    for (const a of state.agents.values()) counts[a.state] = (counts[a.state] || 0) + 1;
    $('agent-summary').textContent = Object.entries(counts).map(([k, v]) => v + ' ' + k).join(' · ');
    $('call-count').textContent = '(' + state.calls.size + ')';
  }

  function clock(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    const h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, sec = s % 60;
    return (h ? h + ':' + String(m).padStart(2, '0') : m) + ':' + String(sec).padStart(2, '0');
  }
  function seconds(v) { return v ? v.toFixed(1) + 's' : '–'; }
  function percent(v) { return (v * 100).toFixed(0) + '%'; }

  // times in state, waits and call durations tick every second without a message from the server
  setInterval(() => {
    const now = Date.now();
    document.querySelectorAll('.agent[data-since]').forEach((t) => {
      t.querySelector('.time').textContent = clock(now - Number(t.dataset.since));
    });
    document.querySelectorAll('#calls tr.call').forEach((tr) => {
      tr.querySelector('.since').textContent = clock(now - Number(tr.dataset.since));
    });
    document.querySelectorAll('.queue').forEach((t) => {
      if (t.dataset.oldest) t.querySelector('.longest').textContent = clock(now - Number(t.dataset.oldest));
    });
  }, 1000);

  loadTenants();
})();
