// Runs before the app's own JavaScript (a classic deferred script: angular.json "scripts"; the
// Content-Security-Policy allows no inline script). With a session remembered, asks at once for
// the chunks the last start of this address needed (recorded by app/shell/start-chunks.ts), so
// the registry, the shell, the module's routes and the page arrive side by side instead of one
// after another. Only paths of this same build are preloaded; anything unexpected: nothing.
(function () {
  try {
    if (!localStorage.getItem('oblako.session')) return;
    var record = JSON.parse(localStorage.getItem('oblako.startChunks') || 'null');
    var main = document.querySelector('script[type="module"][src*="main"]');
    if (!record || !main || !Array.isArray(record.chunks) || record.path !== location.pathname) return;
    if (new URL(main.src).pathname !== record.main) return;
    record.chunks.forEach(function (path) {
      if (typeof path !== 'string' || !/^\/[\w.-]+\.js$/.test(path)) return;
      var link = document.createElement('link');
      link.rel = 'modulepreload';
      link.href = path;
      link.setAttribute('data-start-chunk', '');
      document.head.appendChild(link);
    });
  } catch (error) {
    // An unreadable record: the app loads its chunks itself, as without it.
  }
})();
