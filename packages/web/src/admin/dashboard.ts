/**
 * The admin dashboard: one self-contained page (no build step, no CDN), so it
 * works offline and behind any proxy. It reads everything through the token-
 * protected admin API and re-reads on every state change from the live feed.
 */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Plugboard admin</title>
<style>
:root{--bg:#f5f6f8;--card:#fff;--ink:#1d2330;--muted:#667085;--line:#e4e7ec;--ok:#12b76a;--warn:#f79009;--bad:#f04438;--acc:#3e63dd}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:var(--bg);color:var(--ink)}
header{display:flex;align-items:center;gap:16px;padding:14px 24px;background:#111827;color:#fff}
header h1{font-size:17px;margin:0;font-weight:600}header .inst{color:#9ca3af;font-size:12px}
#live{margin-left:auto;font-size:12px;color:#9ca3af}#live.on::before{content:"● ";color:var(--ok)}
.layout{display:grid;grid-template-columns:200px 1fr;min-height:calc(100vh - 52px)}
nav{background:#fff;border-right:1px solid var(--line);padding:16px}nav h2{font-size:11px;text-transform:uppercase;color:var(--muted);letter-spacing:.06em;margin:0 0 8px}
nav a{display:block;padding:6px 8px;border-radius:6px;color:var(--ink);text-decoration:none}nav a:hover{background:var(--bg)}
main{padding:20px 24px}section h2{font-size:15px;margin:4px 0 12px}
.widgets{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:12px;margin-bottom:24px}
.widget{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px}.widget h3{margin:0 0 6px;font-size:12px;color:var(--muted);font-weight:500}
.widget .stat{font-size:28px;font-weight:650}.widget ul{margin:0;padding-left:18px}.widget pre{margin:0;font-size:12px;white-space:pre-wrap}
.plugins{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:14px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px;display:flex;flex-direction:column;gap:10px}
.top{display:flex;align-items:center;gap:10px}.top h3{margin:0;font-size:15px}.ver{color:var(--muted);font-size:12px}
.badge{font-size:11px;padding:2px 8px;border-radius:999px;border:1px solid var(--line);background:var(--bg)}
.state-enabled{background:#ecfdf3;color:#067647;border-color:#abefc6}.state-disabled{background:#fffaeb;color:#b54708;border-color:#fedf89}
.state-failed,.state-skipped,.state-excluded{background:#fef3f2;color:#b42318;border-color:#fecdca}
.health{margin-left:auto;font-size:12px}.health.ok::before{content:"● ";color:var(--ok)}.health.bad::before{content:"● ";color:var(--bad)}
.chips{display:flex;flex-wrap:wrap;gap:4px}.chip{font-size:11px;background:#eef2ff;color:#3538cd;border-radius:4px;padding:1px 6px}
.err{font-size:12px;color:#b42318;background:#fef3f2;border-radius:6px;padding:6px 8px;word-break:break-word}
table{border-collapse:collapse;width:100%;font-size:12px}td{border-top:1px solid var(--line);padding:3px 4px;vertical-align:top}td:first-child{color:var(--muted);width:40%}
button{font:inherit;border:1px solid var(--line);background:#fff;border-radius:6px;padding:5px 12px;cursor:pointer}button.primary{background:var(--acc);color:#fff;border-color:var(--acc)}
.actions{display:flex;gap:8px;align-items:center}.muted{color:var(--muted);font-size:12px}
#login{max-width:360px;margin:80px auto;background:#fff;border:1px solid var(--line);border-radius:10px;padding:24px}#login input{width:100%;padding:8px;margin:8px 0;border:1px solid var(--line);border-radius:6px}
</style></head><body>
<header><h1>Plugboard admin</h1><span class="inst" id="instance"></span><span id="live">offline</span></header>
<div id="login" hidden><b>Admin token</b><p class="muted">The server printed it at start (or set it with --admin-token).</p><input id="token" type="password" autocomplete="off"><button class="primary" id="go">Open dashboard</button><p class="err" id="loginerr" hidden></p></div>
<div class="layout" id="app" hidden><nav><h2>Menu</h2><a href="/docs">API docs</a><a href="/health">Health</a><div id="menu"></div></nav>
<main><section><h2>Widgets</h2><div class="widgets" id="widgets"></div></section><section><h2>Plugins</h2><div class="plugins" id="plugins"></div></section></main></div>
<script>
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'})[c]);
let token = new URLSearchParams(location.hash.slice(1)).get('token') || sessionStorage.getItem('pb-token') || '';
async function api(path, init) {
  const r = await fetch('/admin/api' + path, { ...init, headers: { authorization: 'Bearer ' + token } });
  if (r.status === 401) { showLogin('That token was not accepted.'); throw new Error('unauthorized'); }
  return r.json();
}
function showLogin(msg) { $('app').hidden = true; $('login').hidden = false; if (msg) { $('loginerr').textContent = msg; $('loginerr').hidden = false; } }
$('go').onclick = () => { token = $('token').value; sessionStorage.setItem('pb-token', token); start(); };
function configTable(c) {
  if (!c || Object.keys(c).length === 0) return '<span class="muted">no configuration</span>';
  const rows = []; const walk = (o, p) => { for (const [k, v] of Object.entries(o)) { if (v && typeof v === 'object' && !Array.isArray(v)) walk(v, p + k + '.'); else rows.push('<tr><td>' + esc(p + k) + '</td><td>' + esc(JSON.stringify(v)) + '</td></tr>'); } };
  walk(c, ''); return '<table>' + rows.join('') + '</table>';
}
function card(p) {
  const btn = p.state === 'enabled' ? '<button data-act="disable" data-name="' + esc(p.name) + '">Disable</button>'
    : p.state === 'disabled' ? '<button class="primary" data-act="enable" data-name="' + esc(p.name) + '">Enable</button>' : '';
  return '<div class="card" data-plugin="' + esc(p.name) + '"><div class="top"><h3>' + esc(p.displayName) + '</h3><span class="ver">' + esc(p.name) + ' v' + esc(p.version) + '</span>'
    + '<span class="health ' + (p.health.ok ? 'ok">healthy' : 'bad">unhealthy') + '</span></div>'
    + '<div class="actions"><span class="badge state-' + esc(p.state) + '" data-role="state">' + esc(p.state) + '</span>' + (p.category ? '<span class="badge">' + esc(p.category) + '</span>' : '') + '<span class="muted">' + esc(p.prefix) + '</span><span style="margin-left:auto">' + btn + '</span></div>'
    + (p.description ? '<div class="muted">' + esc(p.description) + '</div>' : '')
    + (p.error ? '<div class="err">' + esc(p.error.code) + ': ' + esc(p.error.message) + '</div>' : '')
    + '<div class="chips">' + (p.permissions.length ? p.permissions.map((x) => '<span class="chip">' + esc(x) + '</span>').join('') : '<span class="muted">no permissions</span>') + '</div>'
    + configTable(p.config) + '</div>';
}
async function widget(p, w) {
  const el = document.createElement('div'); el.className = 'widget'; el.dataset.widget = p.name + '/' + w.id;
  el.innerHTML = '<h3>' + esc(w.title) + ' · ' + esc(p.displayName) + '</h3><div class="body muted">loading…</div>';
  $('widgets').append(el);
  const body = el.querySelector('.body');
  if (p.state !== 'enabled') { body.textContent = 'plugin is ' + p.state; return; }
  try {
    const data = await (await fetch(p.prefix + w.endpoint)).json();
    body.className = 'body';
    if (w.kind === 'stat') body.innerHTML = '<div class="stat">' + esc(data.value) + '</div><div class="muted">' + esc(data.label || '') + '</div>';
    else if (w.kind === 'list') body.innerHTML = '<ul>' + (Array.isArray(data) ? data : data.items || []).map((i) => '<li>' + esc(typeof i === 'object' ? i.label + ': ' + i.value : i) + '</li>').join('') + '</ul>';
    else body.innerHTML = '<pre>' + esc(JSON.stringify(data, null, 2)) + '</pre>';
  } catch (e) { body.textContent = 'could not load: ' + e.message; }
}
async function render() {
  const { instance, plugins } = await api('/plugins');
  $('instance').textContent = 'instance ' + instance;
  $('plugins').innerHTML = plugins.map(card).join('');
  $('menu').innerHTML = plugins.filter((p) => p.ui && p.ui.menu).map((p) => '<a href="' + esc(p.prefix + p.ui.menu.path) + '">' + esc(p.ui.menu.icon ? p.ui.menu.icon + ' ' : '') + esc(p.ui.menu.label) + '</a>').join('');
  $('widgets').innerHTML = '';
  await Promise.all(plugins.flatMap((p) => ((p.ui && p.ui.widgets) || []).map((w) => widget(p, w))));
  document.body.dataset.rendered = String(Date.now());
}
document.addEventListener('click', async (e) => {
  const b = e.target.closest('button[data-act]'); if (!b) return;
  b.disabled = true; await api('/plugins/' + b.dataset.name + '/' + b.dataset.act, { method: 'POST' }); await render();
});
function connect() {
  const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/admin/api/live?token=' + encodeURIComponent(token));
  ws.onopen = () => { $('live').className = 'on'; $('live').textContent = 'live'; };
  ws.onmessage = (m) => { const msg = JSON.parse(m.data); if (msg.type === 'state') render(); };
  ws.onclose = () => { $('live').className = ''; $('live').textContent = 'offline'; setTimeout(connect, 2000); };
}
async function start() {
  if (!token) return showLogin();
  try { await render(); } catch { return; }
  $('login').hidden = true; $('app').hidden = false; connect();
}
start();
</script></body></html>`;
