// E-card screen: the countdown of the QR code, the offline notice, and keeping the screen on at the cashier.
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

  FEC.keepScreenOn = async function (on) {
    try {
      if (on && 'wakeLock' in navigator) FEC._wakeLock = await navigator.wakeLock.request('screen');
      else if (!on && FEC._wakeLock) { await FEC._wakeLock.release(); FEC._wakeLock = null; }
    } catch (error) { /* not allowed here (battery saver, no permission): the screen just follows its settings */ }
  };
})();
