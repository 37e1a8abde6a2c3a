// E-card screen: the countdown of the QR code, the offline notice, and keeping the screen on at the cashier.
// The server sends each new code; the browser only counts down, so the countdown goes on while offline.
(function () {
  const FEC = (window.FEC = window.FEC || {});
  let deadline = 0;
  let online = true;

  function render() {
    const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    document.querySelectorAll('[data-card-countdown]').forEach((el) => {
      let text = el.dataset.template.replace('{seconds}', String(left));
      if (left === 0) text = online ? el.dataset.expired : el.dataset.expiredOffline;
      if (el.textContent !== text) el.textContent = text;
    });
  }

  FEC.cardCountdown = function (seconds) {
    deadline = Date.now() + seconds * 1000;
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
    window.addEventListener('offline', () => setOffline(true)); // the network is gone before the socket notices
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
