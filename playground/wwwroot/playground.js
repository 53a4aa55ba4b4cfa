// The playground's drawing and downloads (issue 16): the page hands over typed bytes once per redraw, this file paints
// them on two canvases. No libraries. The page calls these functions through the .NET runtime's [JSImport]
// (playground/Components/CanvasInterop.cs): each byte buffer arrives as a view of .NET memory, valid during the call
// only, so it is copied (slice) before use. Colours: the Okabe–Ito palette (safe for colour-blind readers), and each class
// also has its own marker shape, so that colour is never the only cue.
"use strict";
window.nnfsPlayground = (() => {
    const palette = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"];
    const rgb = palette.map(hex => [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16)));
    const ink = "#1a1a1a";
    const data = new Map();

    // A copy of the viewed bytes seen as float32 values (the copy starts its own buffer, so it is aligned).
    function floats(view) {
        const copy = view.slice();
        return new Float32Array(copy.buffer, copy.byteOffset, copy.length >> 2);
    }

    function marker(g, shape, x, y, r) {
        g.beginPath();
        switch (shape % 7) {
            case 0: g.arc(x, y, r, 0, 2 * Math.PI); break;
            case 1: g.rect(x - r, y - r, 2 * r, 2 * r); break;
            case 2: g.moveTo(x, y - r * 1.2); g.lineTo(x + r * 1.1, y + r * 0.9); g.lineTo(x - r * 1.1, y + r * 0.9); g.closePath(); break;
            case 3: g.moveTo(x, y - r * 1.3); g.lineTo(x + r * 1.1, y); g.lineTo(x, y + r * 1.3); g.lineTo(x - r * 1.1, y); g.closePath(); break;
            case 4: g.moveTo(x, y + r * 1.2); g.lineTo(x + r * 1.1, y - r * 0.9); g.lineTo(x - r * 1.1, y - r * 0.9); g.closePath(); break;
            case 5: g.rect(x - r * 1.2, y - r * 0.5, 2.4 * r, r); g.rect(x - r * 0.5, y - r * 1.2, r, 2.4 * r); break;
            default: g.moveTo(x - r, y); g.lineTo(x, y - r); g.lineTo(x + r, y); g.lineTo(x, y + r); g.closePath(); break;
        }
        g.fill();
        g.stroke();
    }

    // The data set of a canvas: points (x, y, class) as float32 bytes, the plotted area, the class count (0: regression).
    function setData(canvasId, pointView, minX, maxX, minY, maxY, classes) {
        data.set(canvasId, { points: floats(pointView), minX, maxX, minY, maxY, classes });
    }

    function drawPoints(g, d, w, h) {
        const px = x => (x - d.minX) / (d.maxX - d.minX) * w;
        const py = y => (d.maxY - y) / (d.maxY - d.minY) * h;
        const p = d.points;
        const radius = p.length / 3 > 1000 ? 2 : 3.5;
        g.lineWidth = 1;
        g.strokeStyle = ink;
        for (let i = 0; i < p.length; i += 3) {
            const k = d.classes > 0 ? p[i + 2] : 4;
            g.fillStyle = palette[k % palette.length];
            marker(g, d.classes > 0 ? k : 0, px(p[i]), py(p[i + 1]), radius);
        }
    }

    // Classification: the regions (class, confidence per cell, row by row from the top left) under the points.
    function drawRegions(canvasId, cells, resolution) {
        const canvas = document.getElementById(canvasId);
        const d = data.get(canvasId);
        if (!canvas || !d) return;
        const g = canvas.getContext("2d");
        const image = new ImageData(resolution, resolution);
        const chance = d.classes > 0 ? 1 / d.classes : 0.5;
        for (let c = 0, o = 0; c < resolution * resolution; c++, o += 4) {
            const colour = rgb[cells[2 * c] % rgb.length];
            const sure = Math.max(0, (cells[2 * c + 1] / 255 - chance) / (1 - chance));
            const a = 0.15 + 0.45 * sure;
            image.data[o] = 255 * (1 - a) + colour[0] * a;
            image.data[o + 1] = 255 * (1 - a) + colour[1] * a;
            image.data[o + 2] = 255 * (1 - a) + colour[2] * a;
            image.data[o + 3] = 255;
        }
        const cellCanvas = new OffscreenCanvas(resolution, resolution);
        cellCanvas.getContext("2d").putImageData(image, 0, 0);
        g.imageSmoothingEnabled = false;
        g.drawImage(cellCanvas, 0, 0, canvas.width, canvas.height);
        drawPoints(g, d, canvas.width, canvas.height);
    }

    // Regression: the points, then the network's curve (x, y pairs as float32 bytes).
    function drawCurve(canvasId, curveView) {
        const canvas = document.getElementById(canvasId);
        const d = data.get(canvasId);
        if (!canvas || !d) return;
        const g = canvas.getContext("2d");
        const w = canvas.width, h = canvas.height;
        g.fillStyle = "#ffffff";
        g.fillRect(0, 0, w, h);
        drawPoints(g, d, w, h);
        const c = floats(curveView);
        g.strokeStyle = palette[5];
        g.lineWidth = 3;
        g.beginPath();
        for (let i = 0; i < c.length; i += 2) {
            const x = (c[i] - d.minX) / (d.maxX - d.minX) * w;
            const y = (d.maxY - Math.max(d.minY, Math.min(d.maxY, c[i + 1]))) / (d.maxY - d.minY) * h;
            if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
        }
        g.stroke();
    }

    // A value with enough digits to tell the axis' two ends apart.
    function format(v, span) {
        if (v === 0) return "0";
        const a = Math.abs(v);
        if (a >= 10000 || a < 0.001) return v.toExponential(Math.min(6, Math.max(1, Math.ceil(Math.log10(a / span)))));
        return v.toPrecision(Math.min(8, Math.max(3, Math.ceil(Math.log10(a / span)) + 1)));
    }

    // One panel of the curves: values against epochs, its own vertical scale.
    function panel(g, top, height, width, title, colour, epochs, values, last) {
        const left = 72, right = 12, bottom = 22, inner = height - bottom - 20;
        let lo = Infinity, hi = -Infinity;
        for (const v of values) { if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); } }
        if (!(hi > lo)) { lo = Number.isFinite(lo) ? lo - 0.5 : 0; hi = lo + 1; }
        const maxEpoch = Math.max(1, last);
        const x = e => left + (e / maxEpoch) * (width - left - right);
        const y = v => top + 20 + (hi - v) / (hi - lo) * inner;
        g.fillStyle = ink;
        g.font = "bold 13px sans-serif";
        g.textAlign = "left";
        g.fillText(title, left, top + 14);
        g.font = "12px sans-serif";
        g.textAlign = "right";
        g.fillText(format(hi, hi - lo), left - 6, top + 24);
        g.fillText(format(lo, hi - lo), left - 6, top + 20 + inner);
        g.strokeStyle = "#595959";
        g.lineWidth = 1;
        g.beginPath();
        g.moveTo(left, top + 20);
        g.lineTo(left, top + 20 + inner);
        g.lineTo(width - right, top + 20 + inner);
        g.stroke();
        g.textAlign = "center";
        g.fillText("0", left, top + 20 + inner + 15);
        g.fillText(String(maxEpoch), width - right - 10, top + 20 + inner + 15);
        g.fillText("epoch", (left + width - right) / 2, top + 20 + inner + 15);
        g.strokeStyle = colour;
        g.lineWidth = 2;
        g.beginPath();
        for (let i = 0; i < values.length; i++) {
            if (i === 0) g.moveTo(x(epochs[i]), y(values[i])); else g.lineTo(x(epochs[i]), y(values[i]));
        }
        g.stroke();
    }

    // Loss, accuracy and learning rate against epochs: 4 floats a point (epoch, loss, accuracy, learning rate).
    function drawMetrics(canvasId, metricView) {
        const canvas = document.getElementById(canvasId);
        if (!canvas) return;
        const g = canvas.getContext("2d");
        const w = canvas.width, h = canvas.height;
        g.fillStyle = "#ffffff";
        g.fillRect(0, 0, w, h);
        const m = floats(metricView);
        const n = m.length >> 2;
        const epochs = new Float32Array(n), loss = new Float32Array(n), acc = new Float32Array(n), lr = new Float32Array(n);
        for (let i = 0; i < n; i++) { epochs[i] = m[4 * i]; loss[i] = m[4 * i + 1]; acc[i] = m[4 * i + 2]; lr[i] = m[4 * i + 3]; }
        const last = n > 0 ? epochs[n - 1] : 1;
        const third = h / 3;
        panel(g, 0, third, w, "Loss", "#0072B2", epochs, loss, last);
        panel(g, third, third, w, "Accuracy", "#007A5A", epochs, acc, last);
        panel(g, 2 * third, third, w, "Learning rate", "#B34700", epochs, lr, last);
    }

    // One call per redraw: the data plot (regions or curve) and the curves.
    function redraw(dataCanvasId, plotView, resolution, metricsCanvasId, metricView) {
        if (resolution > 0) drawRegions(dataCanvasId, plotView.slice(), resolution); else drawCurve(dataCanvasId, plotView);
        drawMetrics(metricsCanvasId, metricView);
    }

    function save(blob, fileName) {
        const url = URL.createObjectURL(blob);
        const a = document.createElement("a");
        a.href = url;
        a.download = fileName;
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
    }

    function downloadBytes(fileName, view, mime) {
        save(new Blob([view.slice()], { type: mime }), fileName);
    }

    // The curves as a PNG, from the canvas itself.
    function downloadCanvas(canvasId, fileName) {
        const canvas = document.getElementById(canvasId);
        if (canvas) canvas.toBlob(blob => { if (blob) save(blob, fileName); }, "image/png");
    }

    return { setData, redraw, downloadBytes, downloadCanvas };
})();
