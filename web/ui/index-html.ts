/**
 * `/`: the dashboard's page. Scripts and styles come only from the hub itself (the CSP
 * says so), and the token never leaves in a Referer header.
 */
// biome-ignore lint/complexity/noUselessStringRaw: keeps any backslash in the served code verbatim
export const indexHtml = String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>DSR Hub</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/app.css">
<script type="module" src="/app.js"></script>
</head>
<body>
<header class="bar">
  <a class="brand" href="#/requests">DSR Hub</a>
  <nav id="nav" aria-label="Main"></nav>
</header>
<main id="main">
  <noscript><p>The dashboard needs JavaScript.</p></noscript>
</main>
<footer class="foot">Personal data is shown masked. Retries, redrives and extensions are recorded in the audit trail.</footer>
</body>
</html>
`;
