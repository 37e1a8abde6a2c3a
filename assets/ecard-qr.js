// E-card QR code, drawn here in the browser from the signed code the server sends in `data-card-token` on the
// <img> (app/pages/ecard.py): the server signs, the phone draws, so a new code costs the server no drawing and
// crosses the connection as 144 characters. Alphanumeric mode, error correction M so a phone screen with glare
// still scans, the data mask fixed (trying all eight for the best score costs about 8x the encoding, and signed
// random bytes rarely form the patterns the score avoids), black on white with the standard 4-module quiet zone,
// as SVG that scales to any size. The e2e test checks it module for module against segno's encoding.
import encodeQR from '/assets/vendor/qr.js';

const FEC = (window.FEC = window.FEC || {});
const QUIET_ZONE = 4;
const MASK = 1;
const VERSION = 6; // a code's 144 characters (card_tokens.TOKEN_CHARS) fit version 6 at M (up to 154)

function modules(token) {
  const options = { ecc: 'medium', encoding: 'alphanumeric', mask: MASK, border: QUIET_ZONE };
  try {
    return encodeQR(token, 'raw', { ...options, version: VERSION }); // half the time of looking for the version
  } catch (notVersion6) {
    return encodeQR(token, 'raw', options);
  }
}

FEC.cardQrSvg = function (token) {
  const rows = modules(token);
  const size = rows.length;
  let path = '';
  rows.forEach((row, y) => {
    for (let x = 0; x < size; x += 1) {
      if (!row[x]) continue;
      const start = x;
      while (x < size && row[x]) x += 1;
      path += `M${start} ${y}h${x - start}v1h-${x - start}z`;
    }
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges">`
    + `<rect width="${size}" height="${size}" fill="#fff"/><path fill="#000" d="${path}"/></svg>`;
};

// What the <img> shows for a code.
FEC.cardQrSource = (token) => 'data:image/svg+xml,' + encodeURIComponent(FEC.cardQrSvg(token));

function draw(image) {
  const token = image.dataset.cardToken;
  if (!token || image.dataset.drawn === token) return;
  try {
    image.src = FEC.cardQrSource(token);
    image.dataset.drawn = token;
    FEC.cardQrFailed?.(false);
  } catch (error) { // not a code this page can draw: say so, and go on with the other images
    console.error('e-card code not drawn', error);
    FEC.cardQrFailed?.(true);
  }
}

const SELECTOR = 'img[data-card-token]';
const drawWithin = (node) => {
  if (node.nodeType !== Node.ELEMENT_NODE) return;
  if (node.matches(SELECTOR)) draw(node);
  node.querySelectorAll(SELECTOR).forEach(draw);
};
// The page is made and changed by the server (a new code each minute, the full-screen view on first use).
new MutationObserver((changes) => changes.forEach((change) => {
  if (change.type === 'attributes') draw(change.target);
  else change.addedNodes.forEach(drawWithin);
})).observe(document.documentElement, { subtree: true, childList: true, attributes: true,
  attributeFilter: ['data-card-token'] });
drawWithin(document.documentElement);
