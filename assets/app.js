// Family E-Card browser helpers: display modes, read aloud and the idle-session timer.
(function () {
  const FEC = (window.FEC = window.FEC || {});

  FEC.setTextSize = function (name) {
    const root = document.documentElement;
    root.classList.remove('fs-standard', 'fs-large', 'fs-extra_large');
    root.classList.add('fs-' + name);
  };
  FEC.setHighContrast = function (on) { document.documentElement.classList.toggle('hc', !!on); };

  // Read aloud: the page heading and the text marked with data-read-aloud, in the page's language.
  function voicesReady(timeoutMs) {
    return new Promise((resolve) => {
      if (!('speechSynthesis' in window)) return resolve([]);
      const now = speechSynthesis.getVoices();
      if (now.length) return resolve(now);
      const done = () => resolve(speechSynthesis.getVoices());
      speechSynthesis.addEventListener('voiceschanged', done, { once: true });
      setTimeout(done, timeoutMs);
    });
  }
  function showNoVoice(show) {
    document.querySelectorAll('.no-voice').forEach((el) => el.classList.toggle('fec-hidden', !show));
  }
  FEC.speakPage = async function () {
    const lang = document.documentElement.lang || 'zh-CN';
    const voices = await voicesReady(1500);
    const voice = voices.find((v) => v.lang && v.lang.toLowerCase().startsWith(lang.slice(0, 2).toLowerCase()));
    if (!voice) { showNoVoice(true); return false; }
    showNoVoice(false);
    const parts = [];
    document.querySelectorAll('main h1, main [data-read-aloud]').forEach((el) => parts.push(el.innerText));
    speechSynthesis.cancel();
    const utterance = new SpeechSynthesisUtterance(parts.join('。 '));
    utterance.lang = voice.lang; utterance.voice = voice; utterance.rate = 0.9;
    speechSynthesis.speak(utterance);
    return true;
  };
  FEC.speakText = async function (text) {
    const lang = document.documentElement.lang || 'zh-CN';
    const voices = await voicesReady(1500);
    const voice = voices.find((v) => v.lang && v.lang.toLowerCase().startsWith(lang.slice(0, 2).toLowerCase()));
    if (!voice) { showNoVoice(true); return false; }
    speechSynthesis.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = voice.lang; utterance.voice = voice; utterance.rate = 0.85;
    speechSynthesis.speak(utterance);
    return true;
  };
  FEC.stopSpeaking = function () { if ('speechSynthesis' in window) speechSynthesis.cancel(); showNoVoice(false); };

  // "High contrast" and "Read aloud", toggle buttons (aria-pressed): a tap flips and applies them here at once,
  // on every page's copy of the button, from what the page shows (the class on <html>); the returned state is
  // what the server is told to remember (app/components/display_controls.py).
  const TOGGLES = {
    high_contrast: { cls: 'hc', apply: (on) => FEC.setHighContrast(on) },
    read_aloud: {
      cls: 'ra',
      apply: (on) => {
        document.documentElement.classList.toggle('ra', on);
        if (on) FEC.speakPage(); else FEC.stopSpeaking();
      },
    },
  };
  FEC.flip = function (name) {
    const toggle = TOGGLES[name];
    const on = !document.documentElement.classList.contains(toggle.cls);
    toggle.apply(on);
    document.querySelectorAll(`[data-toggle="${name}"]`).forEach((el) => el.setAttribute('aria-pressed', String(on)));
    return on;
  };

  // Idle timer: warns before the session ends, tells the server about activity now and then.
  FEC.startIdleTimer = function (idleMs, warnMs) {
    let last = Date.now(), lastPing = Date.now(), warned = false;
    const activity = () => {
      if (warned) return; // once warned, only "Stay logged in" counts, so the dialog cannot vanish by accident
      last = Date.now();
      if (last - lastPing > 60000) { lastPing = last; window.emitEvent && emitEvent('fec_active'); }
    };
    ['pointerdown', 'keydown', 'touchstart', 'input', 'scroll'].forEach((e) =>
      window.addEventListener(e, activity, { passive: true, capture: true }));
    FEC.resetIdle = () => { warned = false; last = lastPing = Date.now(); };
    clearInterval(FEC._idleInterval);
    FEC._idleInterval = setInterval(() => {
      const idle = Date.now() - last;
      if (idle >= idleMs) { clearInterval(FEC._idleInterval); window.location.href = '/login?expired=1'; }
      else if (!warned && idle >= idleMs - warnMs) { warned = true; window.emitEvent && emitEvent('fec_idle_warn'); }
    }, 1000);
  };

  // What a person does before the page is connected to the server (a slow phone connection, or autofill and
  // a quick tap) goes out in the order it was done. NiceGUI keeps each such event and retries it on its own
  // 10 ms timer until the connection is up, and the kept ones then go out in the order of those timers: the
  // server could see "Log in" before the typing, or an earlier keystroke's text after the whole number. So
  // once the socket exists, events go straight to it and wait here, in order, until the server has accepted
  // the page (or accepted it again after a lost connection).
  let socket;
  let accepted = false;
  const waiting = [];
  function ordered(created) {
    const send = created.emit;
    created.emit = function (name, ...args) {
      if (accepted || name === 'handshake') return send.call(this, name, ...args);
      waiting.push([name, args]);
      return this;
    };
    created.on('disconnect', () => { accepted = false; });
    return created;
  }
  function accept(value) {
    accepted = value === true;
    if (accepted && socket) waiting.splice(0).forEach(([name, args]) => socket.emit(name, ...args));
  }
  if (!Object.getOwnPropertyDescriptor(window, 'socket')) {
    Object.defineProperty(window, 'socket', {
      configurable: true, get: () => socket, set: (created) => { socket = created && ordered(created); } });
    // NiceGUI reads this to know whether it may emit: yes, as soon as there is a socket to keep them in order.
    // (Were the socket ever not set here, the server's acceptance still opens the way, as NiceGUI does.)
    Object.defineProperty(window, 'did_handshake', {
      configurable: true, get: () => accepted || socket !== undefined, set: accept });
  }
  FEC.isAccepted = () => accepted;
  // Leaving the page for good (a link, a reload, the tab closed): say so on the page's own connection, before
  // it closes, so the server lets the page go at once instead of keeping it for a return (app/web/speedups/leaving.py).
  // Not when the browser keeps the page to show it again (the back-forward cache).
  window.addEventListener('pagehide', (event) => {
    if (!event.persisted && accepted && socket && socket.connected) socket.emit('fec_leaving');
  });
  FEC.waitingEvents = () => waiting.filter(([name]) => name === 'event').length; // what the person did

  document.addEventListener('DOMContentLoaded', () => {
    if (document.documentElement.classList.contains('ra')) setTimeout(FEC.speakPage, 300);
  });
})();

// A link to a part of a page (/help#bring-child) lands on it: the page's parts are drawn after the browser has
// looked for the part once, so look again when they are there (and on every change of the part asked for).
(function () {
  const land = (tries) => {
    if (!location.hash) return;
    const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target) target.scrollIntoView();
    else if (tries < 50) setTimeout(() => land(tries + 1), 100);
  };
  window.addEventListener('load', () => setTimeout(() => land(0), 0));
  window.addEventListener('hashchange', () => land(0));
})();
