// FoodLens Sync operator console (issue 18). No build step and no dependencies: the gateway serves
// this file as is. The admin token lives in `token` below and nowhere else (no storage, no
// cookie), so reloading the tab signs out. Everything the server sends is put in the page as
// text (textContent), never as HTML: user ids, problem details and device ids are user input.
'use strict';

(function () {
  const REFRESH_MS = 5000;
  const TOGGLE_HELP = {
    'writesPaused': 'Every write under /me/ answers 503 writes-paused; reads go on.',
    'manualMerge': 'On: concurrent allergy removes and adds wait for the user. Off: last writer wins.',
    'writesPaused.profile': 'Profile writes answer 503 writes-paused.',
    'writesPaused.settings': 'Settings writes answer 503 writes-paused.',
    'writesPaused.allergies': 'Allergy writes and conflict decisions answer 503 writes-paused.',
    'writesPaused.history': 'Scan history writes answer 503 writes-paused.'
  };

  /** Each toggle's value when nothing is wrong: moving away from it is the risky direction. */
  const SAFE = { 'manualMerge': true };

  let token = null;
  let timer = null;
  let pending = null; // the toggle change awaiting its typed confirmation

  const $ = (id) => document.getElementById(id);

  // ---- small DOM helpers -------------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === null || v === undefined || v === false) return;
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else node.setAttribute(k, v === true ? '' : String(v));
    });
    children.flat().forEach((c) => {
      if (c === null || c === undefined) return;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    });
    return node;
  }

  function td(value, cls) {
    return el('td', { class: cls }, value === null || value === undefined ? '—' : value);
  }

  function fill(tbody, rows, emptyText, columns) {
    tbody.replaceChildren(...(rows.length ? rows
      : [el('tr', {}, el('td', { colspan: columns, class: 'meta' }, emptyText))]));
  }

  function when(iso) {
    if (!iso) return '—';
    const d = new Date(iso);
    return isNaN(d) ? String(iso) : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  }

  function ago(seconds) {
    if (seconds === null || seconds === undefined) return '—';
    if (seconds < 60) return seconds + ' s';
    if (seconds < 3600) return Math.round(seconds / 60) + ' min';
    if (seconds < 86400) return (seconds / 3600).toFixed(1) + ' h';
    return (seconds / 86400).toFixed(1) + ' d';
  }

  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  // ---- talking to the gateway --------------------------------------------------------------

  class ProblemError extends Error {
    constructor(status, problem) {
      super(problem && problem.detail ? `${problem.title || 'Error'}: ${problem.detail}`
        : `HTTP ${status}`);
      this.status = status;
      this.problem = problem;
    }
  }

  async function api(method, path, body, headers) {
    const response = await fetch(path, {
      method,
      headers: Object.assign({ 'Authorization': 'Bearer ' + token },
        body === undefined ? {} : { 'Content-Type': 'application/json' }, headers || {}),
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit'
    });
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
    if (!response.ok) {
      if (response.status === 401 && token !== null) {
        signOut('The gateway no longer accepts this token (' +
          ((json && json.detail) || 'unauthorized') + '). Sign in again.');
      }
      throw new ProblemError(response.status, json);
    }
    return json;
  }

  function showAlert(message) {
    const alert = $('alert');
    alert.textContent = message;
    alert.hidden = !message;
  }

  // ---- sign in and navigation --------------------------------------------------------------

  async function signIn(event) {
    event.preventDefault();
    const field = $('token');
    const candidate = field.value.trim();
    if (!candidate) return;
    token = candidate;
    $('signin-button').disabled = true;
    try {
      await api('GET', '/admin/toggles');
      field.value = '';
      showAlert('');
      $('signin').hidden = true;
      $('nav').hidden = false;
      $('sign-out').hidden = false;
      if (!['#rollout', '#levers', '#user'].includes(location.hash)) {
        location.hash = '#rollout';
      } else {
        route();
      }
    } catch (e) {
      token = null;
      field.value = '';
      showAlert(e.status === 403
        ? 'This token has no foodlens-admin role: the console needs an admin token.'
        : 'Sign-in failed: ' + e.message);
      field.focus();
    } finally {
      $('signin-button').disabled = false;
    }
  }

  function signOut(message) {
    token = null;
    stopRefresh();
    ['rollout', 'levers', 'user'].forEach((id) => { $(id).hidden = true; });
    $('user-result').hidden = true;
    $('nav').hidden = true;
    $('sign-out').hidden = true;
    $('signin').hidden = false;
    showAlert(message || '');
    $('token').focus();
  }

  function route() {
    if (token === null) return;
    const page = (location.hash || '#rollout').slice(1);
    const known = ['rollout', 'levers', 'user'].includes(page) ? page : 'rollout';
    ['rollout', 'levers', 'user'].forEach((id) => {
      $(id).hidden = id !== known;
      const link = $('nav-' + id);
      if (id === known) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    });
    stopRefresh();
    showAlert('');
    if (known === 'rollout') startRefresh();
    if (known === 'levers') loadLevers();
    $(known + '-title').setAttribute('tabindex', '-1');
    $(known + '-title').focus();
  }

  function startRefresh() {
    loadRollout();
    timer = setInterval(loadRollout, REFRESH_MS);
  }

  function stopRefresh() {
    if (timer !== null) clearInterval(timer);
    timer = null;
  }

  // ---- rollout page ------------------------------------------------------------------------

  async function loadRollout() {
    try {
      const [status, rollout] = await Promise.all([
        api('GET', '/admin/migration-status'), api('GET', '/admin/rollout')]);
      renderRollout(status, rollout);
      $('rollout-updated').textContent = when(rollout.generatedAt);
    } catch (e) {
      if (token !== null) showAlert('Could not refresh the rollout: ' + e.message);
    }
  }

  function card(label, value, detail, id) {
    return el('div', { class: 'card', id },
      el('p', { class: 'label' }, label),
      el('p', { class: 'value' }, value),
      detail ? el('p', { class: 'detail' }, detail) : null);
  }

  function renderRollout(status, rollout) {
    const users = status.users.byMigrationState;
    const gate = status.manualMergeGate || {};
    const queues = status.deviceQueues;
    $('rollout-cards').replaceChildren(
      card('Users not started', users['none'], `of ${status.users.total} users`, 'card-none'),
      card('Migration in progress', users['in-progress'], null, 'card-in-progress'),
      card('Migration complete', users['complete'], null, 'card-complete'),
      card('Open conflicts', status.allergyConflicts.open,
        `${status.allergyConflicts.resolved} resolved`, 'card-conflicts'),
      card('Automatic LWW decisions', gate.automaticDecisionsSince,
        gate.on ? 'gate is on (manual merge)'
          : 'since the gate turned off ' + when(gate.lastTurnedOffAt), 'card-lww'),
      card('Refused writes (ledger)', status.ledger.refused,
        `of ${status.ledger.entries} kept; ${status.ledger.replays} replays`, 'card-refused'),
      card('Devices reporting', queues.devicesReporting,
        `${queues.queueDepthTotal} ops queued; oldest ${ago(queues.oldestPendingSecondsMax)}`,
        'card-devices'));

    fill($('entities').tBodies[0], rollout.entities.map((e) => el('tr', {
      class: e.refusedLast15Minutes > 0 ? 'hot' : null, 'data-entity': e.entity },
    el('th', { scope: 'row' }, e.entity),
    td(e.usersWithServerData, 'num'), td(e.imported, 'num'), td(e.skipped, 'num'),
    td(e.invalid, 'num'), td(e.refusedLast15Minutes, 'num'), td(e.refusedLastHour, 'num'))),
    'No entities', 7);

    const elsewhere = Object.entries(rollout.refusedElsewhere || {});
    $('refused-elsewhere').textContent = elsewhere.length
      ? 'Also refused in the last hour: ' + elsewhere.map(([k, n]) => `${k} ${n}`).join(', ') +
        ' (a push is one batch of many entities; its refused ops are counted under "push").'
      : '';

    bars($('queue-depth'), rollout.queueDepth);
    bars($('oldest-pending'), rollout.oldestPending);
  }

  function bars(table, buckets) {
    const max = Math.max(1, ...buckets.map((b) => b.devices));
    fill(table.tBodies[0], buckets.map((b) => {
      const bar = el('div', { class: 'bar', 'aria-hidden': 'true' });
      bar.style.width = (100 * b.devices / max) + '%';
      return el('tr', {}, el('th', { scope: 'row' }, b.bucket), td(b.devices, 'num'),
        el('td', {}, bar));
    }), 'No devices have reported', 3);
  }

  // ---- levers ------------------------------------------------------------------------------

  async function loadLevers() {
    try {
      const [toggles, audit] = await Promise.all([
        api('GET', '/admin/toggles'), api('GET', '/admin/toggles/changes?limit=20')]);
      renderLevers(toggles, audit.changes);
    } catch (e) {
      if (token !== null) showAlert('Could not read the toggles: ' + e.message);
    }
  }

  function renderLevers(toggles, changes) {
    const last = {};
    changes.forEach((c) => { if (!(c.name in last)) last[c.name] = c; });
    fill($('toggles').tBodies[0], Object.keys(toggles).map((name) => {
      const on = toggles[name] === true;
      const change = last[name];
      const risky = !on !== (SAFE[name] === true);
      const button = el('button', { type: 'button', class: risky ? 'danger' : 'quiet',
        'data-toggle': name, 'aria-label': `${on ? 'Turn off' : 'Turn on'} ${name}` },
      on ? 'Turn off' : 'Turn on');
      button.addEventListener('click', () => askToConfirm(name, !on, button));
      return el('tr', { 'data-toggle': name },
        el('th', { scope: 'row' }, el('code', {}, name)),
        td(TOGGLE_HELP[name] || ''),
        el('td', {}, el('span', { class: 'badge ' + (on !== (SAFE[name] === true) ? 'risky' : 'safe') },
          on ? 'on' : 'off')),
        td(change ? change.changedBy : 'no change recorded'),
        td(change ? when(change.changedAt) : null),
        el('td', {}, button));
    }), 'No toggles', 6);

    fill($('audit').tBodies[0], changes.map((c) => el('tr', {},
      td(when(c.changedAt)), el('td', {}, el('code', {}, c.name)),
      td(c.from ? 'on' : 'off'), td(c.to ? 'on' : 'off'), td(c.changedBy))),
    'No changes recorded yet', 5);
  }

  function askToConfirm(name, value, opener) {
    pending = { name, value, opener };
    $('confirm-what').textContent =
      `Turn ${value ? 'ON' : 'OFF'} ${name}. ${TOGGLE_HELP[name] || ''}`;
    $('confirm-name').textContent = name;
    $('confirm-input').value = '';
    $('confirm-apply').disabled = true;
    $('confirm-error').hidden = true;
    $('confirm').showModal();
    $('confirm-input').focus();
  }

  function closeConfirm() {
    const opener = pending && pending.opener;
    pending = null;
    if ($('confirm').open) $('confirm').close();
    if (opener && opener.isConnected) opener.focus();
  }

  async function applyChange(event) {
    event.preventDefault();
    if (!pending || $('confirm-input').value !== pending.name) return;
    const { name, value } = pending;
    $('confirm-apply').disabled = true;
    try {
      await api('PUT', '/admin/toggles', { [name]: value }, { 'Idempotency-Key': uuid() });
      closeConfirm();
      await loadLevers();
      const row = document.querySelector(`#toggles button[data-toggle="${CSS.escape(name)}"]`);
      if (row) row.focus();
    } catch (e) {
      $('confirm-error').textContent = 'Not changed: ' + e.message;
      $('confirm-error').hidden = false;
      $('confirm-apply').disabled = false;
    }
  }

  // ---- one user ----------------------------------------------------------------------------

  async function loadUser(event) {
    event.preventDefault();
    const userId = $('user-id').value.trim();
    if (!userId) return;
    const path = '/admin/users/' + encodeURIComponent(userId);
    showAlert('');
    try {
      const [state, timeline] = await Promise.all([
        api('GET', path + '/sync-state'), api('GET', path + '/timeline')]);
      renderUser(state, timeline);
      $('user-result').hidden = false;
      $('user-heading').setAttribute('tabindex', '-1');
      $('user-heading').focus();
    } catch (e) {
      $('user-result').hidden = true;
      showAlert(e.status === 404 ? `No sync state for “${userId}”: they never wrote anything.`
        : 'Could not read this user: ' + e.message);
    }
  }

  function renderUser(state, timeline) {
    $('user-heading').textContent = 'User ' + state.userId;
    const summary = [
      ['Version', state.version], ['Clock', when(state.clock)],
      ['Migration', state.migrationState], ['Feed floor', state.feedFloor],
      ['Conflicts', Object.entries(state.conflicts).map(([k, n]) => `${n} ${k}`).join(', ') || 'none'],
      ['Ledger', Object.entries(state.ledgerByStatus).map(([k, n]) => `${n}× ${k}`).join(', ') || 'empty'],
      ['Replays', state.replays], ['Devices', state.devices.length]];
    $('user-summary').replaceChildren(...summary.flatMap(([k, v]) => [el('dt', {}, k),
      el('dd', {}, v === null || v === undefined ? '—' : v)]));

    fill($('devices').tBodies[0], state.devices.map((d) => el('tr', {},
      el('th', { scope: 'row' }, d.deviceId), td(d.queueDepth, 'num'),
      td(ago(d.oldestPendingSeconds), 'num'), td(d.failed, 'num'), td(when(d.reportedAt)))),
    'No device has reported its queue (only pushes report it)', 5);

    fill($('timeline').tBodies[0], timeline.ops.map((op) => el('tr', {
      'data-op': op.opId, class: op.verdict === 'refused' ? 'hot' : null },
    td(when(op.at)), td(op.opId, 'mono'), td(op.deviceId, 'nowrap'), td(op.entity),
    el('td', { class: 'verdict-' + op.verdict }, op.verdict + (op.status >= 400 ? ` (${op.status})` : '')),
    el('td', {}, decided(op)), el('td', {}, conflicts(op)))),
    'No ops in the ledger for this user (it keeps them for its retention)', 7);

    const refused = timeline.ops.filter((op) => op.verdict === 'refused').reverse();
    fill($('refused').tBodies[0], refused.map((op) => el('tr', {},
      td(when(op.at)), td(op.opId, 'mono'), td(op.status, 'num'), el('td', {}, problem(op.problem)))),
    'No refused writes', 4);
  }

  function decided(op) {
    const items = [];
    if (op.allergy) {
      const a = op.allergy;
      if (a.kind === 'resolve') {
        items.push(`resolve ${a.resolves}: ${a.decision}`);
      } else {
        items.push(`${a.kind} ${a.allergen} (${a.mergeMode || 'merge mode not recorded'})`);
      }
      items.push(`stamp ${when(a.stamp.at)} from ${a.stamp.deviceId}`);
    }
    (op.fields || []).forEach((f) => {
      items.push(f.won
        ? `${f.entity}.${f.field}: holds the register, stamp ${when(f.decidedBy.at)}`
        : `${f.entity}.${f.field}: overwritten by op ${f.decidedBy.opId} from ` +
          `${f.decidedBy.deviceId}, stamp ${when(f.decidedBy.at)}`);
    });
    (op.automaticDecisions || []).forEach((d) => {
      items.push(`last writer wins on ${d.allergen}: ${d.decision}`);
    });
    if (op.problem) items.push(op.problem.title || 'refused');
    return items.length ? el('ul', {}, items.map((t) => el('li', {}, t))) : '—';
  }

  function conflicts(op) {
    if (!op.conflicts || !op.conflicts.length) return '—';
    return el('ul', {}, op.conflicts.map((c) => el('li', { 'data-conflict': c.id },
      `${c.allergen}: ${c.state}` + (c.decision ? `, ${c.decision}` : '') +
      (c.resolvedBy ? ` by op ${c.resolvedBy.opId} from ${c.resolvedBy.deviceId}` : ''))));
  }

  function problem(p) {
    if (!p) return '—';
    const errors = (p.errors || []).map((e) => el('li', {}, `${e.field}: ${e.message}`));
    return el('div', {}, el('strong', {}, p.title || 'Problem'), ' — ', p.detail || '',
      errors.length ? el('ul', {}, errors) : null);
  }

  // ---- wiring ------------------------------------------------------------------------------

  document.addEventListener('DOMContentLoaded', () => {
    $('signin-form').addEventListener('submit', signIn);
    $('sign-out').addEventListener('click', () => signOut('Signed out.'));
    $('user-form').addEventListener('submit', loadUser);
    $('confirm-form').addEventListener('submit', applyChange);
    $('confirm-cancel').addEventListener('click', closeConfirm);
    $('confirm').addEventListener('cancel', (e) => { e.preventDefault(); closeConfirm(); });
    $('confirm-input').addEventListener('input', () => {
      $('confirm-apply').disabled = !pending || $('confirm-input').value !== pending.name;
    });
    window.addEventListener('hashchange', route);
    $('token').focus();
  });
}());
