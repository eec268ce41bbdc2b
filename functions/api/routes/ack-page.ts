import type { Route } from '../router.ts';

/**
 * `GET /v1/acks/{token}`: what a person sees when they open their ack link. The
 * buttons post the answer; opening the page alone changes nothing, so link
 * previews and scanners cannot confirm by accident.
 */
export const ackPageRoute: Route = {
  method: 'GET',
  path: '/v1/acks/{token}',
  roles: [],
  async handle() {
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy':
          "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'",
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      },
      body: ACK_PAGE,
    };
  },
};

const ACK_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Confirm a data request</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1f2933}
button{font:inherit;padding:.5rem 1rem;margin-right:.5rem;border-radius:6px;border:1px solid #52606d;background:#fff;cursor:pointer}
button.primary{background:#1f4e79;color:#fff;border-color:#1f4e79}textarea{width:100%;font:inherit}
#result{margin-top:1rem;font-weight:600}</style></head>
<body><h1>Confirm a data request</h1>
<p>You were asked to carry out a data-subject request (erasure, rectification or restriction). When it is done, confirm it here. If you cannot do it, refuse and say why.</p>
<p><button class="primary" id="done">It is done</button></p>
<p><label for="reason">Why it cannot be done</label><textarea id="reason" rows="3"></textarea></p>
<p><button id="refuse">Refuse</button></p>
<p id="result" role="status"></p>
<script>
const show = (text) => { document.getElementById('result').textContent = text; };
async function answer(body) {
  const response = await fetch(location.pathname, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = await response.json().catch(() => ({}));
  show(response.ok ? 'Thank you: your answer is recorded.' : (json.detail || 'The answer could not be recorded.'));
}
document.getElementById('done').onclick = () => answer({ status: 'completed' });
document.getElementById('refuse').onclick = () => {
  const reason = document.getElementById('reason').value.trim();
  if (!reason) { show('Please say why it cannot be done.'); return; }
  answer({ status: 'rejected', reason });
};
</script></body></html>`;
