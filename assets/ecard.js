// E-card screen: the countdown of the QR code, the offline notice, and keeping the screen on while it is shown.
// The server sends each new code; the browser counts down, so the countdown goes on while offline, and asks
// for the next code when it is due (the server keeps no timer per open card).
(function () {
  const FEC = (window.FEC = window.FEC || {});
  const ASK_AGAIN_MS = 5000; // no new code yet (a slow server): ask once more
  let deadline = 0;
  let dueAt = 0;
  let askedAt = 0;
  let online = true;

  // Asked over the connection only: after a lost connection the server sends a new code by itself.
  function askWhenDue() {
    const now = Date.now();
    const connected = window.socket && window.socket.connected;
    if (!connected || !dueAt || now < dueAt || now - askedAt < ASK_AGAIN_MS || !window.emitEvent) return;
    askedAt = now;
    emitEvent('fec_card_due');
  }

  function render() {
    askWhenDue();
    const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    document.querySelectorAll('[data-card-countdown]').forEach((el) => {
      let text = el.dataset.template.replace('{seconds}', String(left));
      if (left === 0) text = online ? el.dataset.expired : el.dataset.expiredOffline;
      if (el.textContent !== text) el.textContent = text;
    });
  }

  // `seconds` until this code expires; the next one is asked for in `dueIn` seconds (the server plans when).
  FEC.cardCountdown = function (seconds, dueIn) {
    deadline = Date.now() + seconds * 1000;
    dueAt = Date.now() + dueIn * 1000;
    askedAt = 0;
    clearInterval(FEC._cardInterval);
    FEC._cardInterval = setInterval(render, 500);
    render();
  };

  function setOffline(off) {
    online = !off;
    document.querySelectorAll('.ecard-offline').forEach((el) => el.classList.toggle('fec-hidden', !off));
    render();
  }

  FEC.watchCardConnection = function () {
    if (FEC._watchingCard || !window.socket) return;
    FEC._watchingCard = true;
    window.socket.on('disconnect', () => setOffline(true));
    window.socket.on('connect', () => setOffline(false)); // the server sends a fresh code on reconnect
    // The network is gone before the socket notices (socket.io then drops the connection and reconnects).
    window.addEventListener('offline', () => setOffline(true));
    document.addEventListener('visibilitychange', render); // a hidden page's timers slow down; catch up at once
  };

  // The QR code is drawn by assets/ecard-qr.js; if that cannot load or draw, the page says so in words.
  FEC.cardQrFailed = function (failed) { document.documentElement.classList.toggle('qr-failed', failed); };

  // While the card is shown, the screen stays on (DESIGN.md §3): a screen wake lock, asked for again whenever the
  // page is shown again (the browser lets the lock go while the page is hidden), and let go when the page is left.
  // Where the browser has no Screen Wake Lock API, or says no (battery saver, no permission), the screen just
  // follows its own settings.
  let wakeLock = null;
  let asking = false;
  let left = false; // the page was left (or went into the back-forward cache): nothing more until it is back
  async function lockScreen() {
    if (!('wakeLock' in navigator) || left || document.visibilityState !== 'visible' || asking) return;
    if (wakeLock && !wakeLock.released) return;
    asking = true;
    try {
      const sentinel = await navigator.wakeLock.request('screen');
      if (left) sentinel.release().catch(() => {}); // granted only after the page was left
      else wakeLock = sentinel;
    } catch (refused) {
      wakeLock = null;
    } finally {
      asking = false;
    }
  }
  function unlockScreen() {
    left = true;
    const held = wakeLock;
    wakeLock = null;
    if (held && !held.released) held.release().catch(() => {});
  }
  FEC.keepScreenOn = function () {
    if (FEC._keepingScreenOn) return;
    FEC._keepingScreenOn = true;
    document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') lockScreen(); });
    window.addEventListener('pagehide', unlockScreen);
    window.addEventListener('pageshow', (event) => { // back from the back-forward cache
      if (event.persisted) { left = false; lockScreen(); }
    });
    lockScreen();
  };
})();
