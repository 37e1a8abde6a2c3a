// Finger-signature pad: a <canvas> in a dotted box. Pointer events, so finger, pen and mouse all draw.
// No external libraries. Python side: app/components/signature_pad.py.
//
// Emits:   change {empty: bool, reason?: "stroke" | "clear" | "resize"}
// Methods: clear(), isEmpty(), toPng() -> {dataUrl, width, height, cssWidth, cssHeight, scale} | null

const LINE_WIDTH = 3.2; // CSS px; the backing store is scaled by devicePixelRatio, so the ink scales with it
const MARGIN = 8; // CSS px around the ink in toPng()
const MIN_HEIGHT = 160;
const MAX_HEIGHT = 320;
const RATIO = 0.45;

export default {
  template: `
    <div :style="boxStyle">
      <canvas ref="canvas" role="img" :aria-label="label" :aria-describedby="describedby || undefined"
        :style="canvasStyle"
        @pointerdown="onDown" @pointermove="onMove" @pointerup="onUp" @pointercancel="onUp"
        @lostpointercapture="onUp" @contextmenu.prevent></canvas>
    </div>`,
  props: {
    label: { type: String, default: "Signature pad" },
    describedby: { type: String, default: "" },
  },
  emits: ["change"],
  data() {
    return {
      boxStyle: {
        position: "relative",
        boxSizing: "border-box",
        width: "100%",
        // about 0.45 x the width, between 160 and 320 px high
        aspectRatio: String(1 / RATIO),
        minHeight: MIN_HEIGHT + "px",
        maxHeight: MAX_HEIGHT + "px",
        border: "2px dotted var(--c-border, #6b7480)",
        borderRadius: "6px",
        background: "var(--c-surface, #ffffff)",
        overflow: "hidden",
      },
      canvasStyle: {
        position: "absolute",
        left: "0",
        top: "0",
        display: "block",
        width: "100%",
        height: "100%",
        touchAction: "none", // drawing never scrolls or zooms the page
        userSelect: "none",
        webkitUserSelect: "none",
        webkitTouchCallout: "none",
        cursor: "crosshair",
      },
    };
  },
  created() {
    // Not reactive on purpose: drawing must not trigger Vue re-renders.
    this.strokes = []; // [{points: [{x, y}], width}] in CSS px of the current canvas size
    this.current = null;
    this.pointerId = null;
    this.cssWidth = 0;
    this.cssHeight = 0;
    this.dpr = 1;
    this.sx = 1; // backing-store px per CSS px (devicePixelRatio, corrected for rounding)
    this.sy = 1;
  },
  mounted() {
    this.relayout = () => this.layout();
    this.observer = new ResizeObserver(this.relayout); // e.g. the text size mode changes the page padding
    this.observer.observe(this.$el);
    window.addEventListener("resize", this.relayout); // browser zoom changes devicePixelRatio
    this.layout();
  },
  beforeUnmount() {
    if (this.observer) this.observer.disconnect();
    window.removeEventListener("resize", this.relayout);
  },
  methods: {
    // ---- size -------------------------------------------------------------------------------------------
    layout() {
      const canvas = this.$refs.canvas;
      const rect = canvas.getBoundingClientRect(); // fractional CSS px, unlike clientWidth
      const cssWidth = rect.width;
      const cssHeight = rect.height;
      if (!cssWidth || !cssHeight) return; // hidden (display: none): keep everything until it is shown again
      const dpr = window.devicePixelRatio || 1;
      if (cssWidth === this.cssWidth && cssHeight === this.cssHeight && dpr === this.dpr) return;
      const old = { width: this.cssWidth, height: this.cssHeight };
      this.cssWidth = cssWidth;
      this.cssHeight = cssHeight;
      this.dpr = dpr;
      // Backing store = CSS size x devicePixelRatio, so strokes are sharp and their width scales with the ratio.
      canvas.width = Math.max(1, Math.round(cssWidth * dpr));
      canvas.height = Math.max(1, Math.round(cssHeight * dpr));
      this.sx = canvas.width / cssWidth;
      this.sy = canvas.height / cssHeight;
      if (this.strokes.length && old.width && old.height) this.refit(old);
      this.redraw();
    },
    refit(old) {
      // Keep the drawing: unchanged if it still fits, else shrunk with the pad. Far too small: start again.
      const box = this.inkBox();
      if (!box || (box.right <= this.cssWidth && box.bottom <= this.cssHeight)) return;
      const factor = Math.min(this.cssWidth / old.width, this.cssHeight / old.height, 1);
      if (factor < 0.5) {
        this.strokes = [];
        this.$emit("change", { empty: true, reason: "resize" });
        return;
      }
      for (const stroke of this.strokes) {
        for (const point of stroke.points) {
          point.x *= factor;
          point.y *= factor;
        }
      }
    },
    // ---- drawing ----------------------------------------------------------------------------------------
    context() {
      const ctx = this.$refs.canvas.getContext("2d");
      ctx.setTransform(this.sx, 0, 0, this.sy, 0, 0);
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.strokeStyle = "#000000";
      ctx.fillStyle = "#000000";
      return ctx;
    },
    point(event) {
      const rect = this.$refs.canvas.getBoundingClientRect();
      const sx = rect.width ? this.cssWidth / rect.width : 1;
      const sy = rect.height ? this.cssHeight / rect.height : 1;
      return { x: (event.clientX - rect.left) * sx, y: (event.clientY - rect.top) * sy };
    },
    onDown(event) {
      if (this.pointerId !== null) return; // one finger at a time; a second touch is ignored
      if (event.pointerType === "mouse" && event.button !== 0) return;
      event.preventDefault();
      try {
        this.$refs.canvas.setPointerCapture(event.pointerId);
      } catch (e) {
        // capture is a nicety; drawing works without it
      }
      this.pointerId = event.pointerId;
      const start = this.point(event);
      this.current = { points: [start], width: LINE_WIDTH };
      this.strokes.push(this.current);
      this.dot(this.context(), start, LINE_WIDTH);
    },
    onMove(event) {
      if (this.current === null || event.pointerId !== this.pointerId) return;
      event.preventDefault();
      const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
      const ctx = this.context();
      for (const e of events.length ? events : [event]) {
        const p = this.point(e);
        const points = this.current.points;
        const last = points[points.length - 1];
        if (Math.hypot(p.x - last.x, p.y - last.y) < 0.75) continue;
        points.push(p);
        this.segment(ctx, points, points.length - 1, this.current.width);
      }
    },
    onUp(event) {
      if (this.current === null || event.pointerId !== this.pointerId) return;
      const points = this.current.points;
      if (points.length > 1) this.finish(this.context(), points, this.current.width);
      // (the browser releases the pointer capture itself after pointerup / pointercancel)
      this.current = null;
      this.pointerId = null;
      this.$emit("change", { empty: this.strokes.length === 0, reason: "stroke" });
    },
    dot(ctx, p, width) {
      ctx.beginPath();
      ctx.arc(p.x, p.y, width / 2, 0, 2 * Math.PI);
      ctx.fill();
    },
    // Smooth strokes: quadratic curves through the midpoints, with each sample as the control point.
    segment(ctx, points, i, width) {
      ctx.lineWidth = width;
      ctx.beginPath();
      if (i === 1) {
        ctx.moveTo(points[0].x, points[0].y);
        ctx.lineTo((points[0].x + points[1].x) / 2, (points[0].y + points[1].y) / 2);
      } else {
        const a = points[i - 2], b = points[i - 1], c = points[i];
        ctx.moveTo((a.x + b.x) / 2, (a.y + b.y) / 2);
        ctx.quadraticCurveTo(b.x, b.y, (b.x + c.x) / 2, (b.y + c.y) / 2);
      }
      ctx.stroke();
    },
    finish(ctx, points, width) {
      const n = points.length;
      const a = points[n - 2], b = points[n - 1];
      ctx.lineWidth = width;
      ctx.beginPath();
      ctx.moveTo((a.x + b.x) / 2, (a.y + b.y) / 2);
      ctx.lineTo(b.x, b.y);
      ctx.stroke();
    },
    redraw() {
      const canvas = this.$refs.canvas;
      const ctx = canvas.getContext("2d");
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      const c = this.context();
      for (const stroke of this.strokes) {
        const points = stroke.points;
        this.dot(c, points[0], stroke.width);
        for (let i = 1; i < points.length; i++) this.segment(c, points, i, stroke.width);
        if (points.length > 1 && stroke !== this.current) this.finish(c, points, stroke.width);
      }
    },
    inkBox() {
      let left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
      for (const stroke of this.strokes) {
        const r = stroke.width / 2;
        for (const p of stroke.points) {
          left = Math.min(left, p.x - r);
          top = Math.min(top, p.y - r);
          right = Math.max(right, p.x + r);
          bottom = Math.max(bottom, p.y + r);
        }
      }
      return left === Infinity ? null : { left, top, right, bottom };
    },
    // ---- called from Python -----------------------------------------------------------------------------
    isEmpty() {
      return this.strokes.length === 0;
    },
    clear() {
      this.strokes = [];
      this.current = null;
      this.pointerId = null;
      this.redraw();
      this.$emit("change", { empty: true, reason: "clear" });
    },
    toPng() {
      // The drawing trimmed to its ink plus MARGIN, transparent background, black ink, at device resolution.
      const canvas = this.$refs.canvas;
      const box = this.inkBox();
      if (!box || !canvas.width || !canvas.height) return null;
      const dpr = this.dpr;
      const x0 = Math.max(0, Math.floor(box.left * this.sx));
      const y0 = Math.max(0, Math.floor(box.top * this.sy));
      const x1 = Math.min(canvas.width, Math.ceil(box.right * this.sx));
      const y1 = Math.min(canvas.height, Math.ceil(box.bottom * this.sy));
      if (x1 <= x0 || y1 <= y0) return null;
      const margin = Math.round(MARGIN * dpr);
      const out = document.createElement("canvas");
      out.width = x1 - x0 + 2 * margin;
      out.height = y1 - y0 + 2 * margin;
      out.getContext("2d").drawImage(canvas, x0, y0, x1 - x0, y1 - y0, margin, margin, x1 - x0, y1 - y0);
      return {
        dataUrl: out.toDataURL("image/png"),
        width: out.width,
        height: out.height,
        cssWidth: out.width / dpr,
        cssHeight: out.height / dpr,
        scale: dpr,
      };
    },
  },
};
