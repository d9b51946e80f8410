/** Shown instead of the app when the server starts before `npm run build` has produced it. */
export function notBuiltPage(pwaDir: string): string {
  const dir = escapeHtml(pwaDir);
  return `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>Облако здоровья</title></head>
<body>
<h1>Приложение ещё не собрано</h1>
<p>Сервер работает, но в <code>${dir}</code> нет собранного приложения. Выполните <code>npm run build</code> (или <code>npm start</code>) и перезапустите сервер.</p>
<hr>
<p lang="en">The server is running, but there is no built app in <code>${dir}</code>. Run <code>npm run build</code> (or <code>npm start</code>) and restart the server.</p>
</body></html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
