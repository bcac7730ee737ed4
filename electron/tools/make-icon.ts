/**
 * Draws the app icon (a baton between two hand-off arcs) as build/icon.svg and
 * a matching 512x512 build/icon.png. No image tooling needed: the PNG is
 * rasterised here from the same shapes with signed-distance anti-aliasing.
 *
 * Usage: tsx electron/tools/make-icon.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const SIZE = 512;
const C = SIZE / 2;
const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'build');

const BG = { inset: 16, radius: 104, top: '#2A5566', bottom: '#1C3947' };
const BATON = { from: [164, 348] as const, to: [348, 164] as const, width: 68, color: '#F2C36B' };
const BANDS = { color: '#D9A24A', at: [0.16, 0.84], length: 0.07 };
const ARC = { radius: 196, width: 16, span: 38, centres: [-135, 45], color: '#9CCBD2' };

type RGBA = [number, number, number, number];

function hex(color: string, alpha = 1): RGBA {
  const n = Number.parseInt(color.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, alpha];
}

const lerp = (a: number, b: number, t: number): number => a + (b - a) * t;
const rad = (deg: number): number => (deg * Math.PI) / 180;

function arcEnds(centreDeg: number): [[number, number], [number, number]] {
  const a0 = rad(centreDeg - ARC.span);
  const a1 = rad(centreDeg + ARC.span);
  return [
    [C + ARC.radius * Math.cos(a0), C + ARC.radius * Math.sin(a0)],
    [C + ARC.radius * Math.cos(a1), C + ARC.radius * Math.sin(a1)],
  ];
}

function svg(): string {
  const f = (n: number): string => n.toFixed(2).replace(/\.?0+$/, '');
  const [fx, fy] = BATON.from;
  const [tx, ty] = BATON.to;
  const point = (t: number): string => `${f(lerp(fx, tx, t))} ${f(lerp(fy, ty, t))}`;
  const bands = BANDS.at
    .map((t) => {
      const [a, b] = [point(t - BANDS.length / 2).split(' '), point(t + BANDS.length / 2).split(' ')];
      return `  <line x1="${a[0]}" y1="${a[1]}" x2="${b[0]}" y2="${b[1]}" stroke="${BANDS.color}" stroke-width="${BATON.width}"/>`;
    })
    .join('\n');
  const arcs = ARC.centres
    .map((c) => {
      const [[x0, y0], [x1, y1]] = arcEnds(c);
      return `  <path d="M ${f(x0)} ${f(y0)} A ${ARC.radius} ${ARC.radius} 0 0 1 ${f(x1)} ${f(y1)}" fill="none" stroke="${ARC.color}" stroke-width="${ARC.width}" stroke-linecap="round"/>`;
    })
    .join('\n');
  const s = SIZE - 2 * BG.inset;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">
  <title>Baton</title>
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="${BG.top}"/>
      <stop offset="1" stop-color="${BG.bottom}"/>
    </linearGradient>
  </defs>
  <rect x="${BG.inset}" y="${BG.inset}" width="${s}" height="${s}" rx="${BG.radius}" fill="url(#bg)"/>
${arcs}
  <line x1="${fx}" y1="${fy}" x2="${tx}" y2="${ty}" stroke="${BATON.color}" stroke-width="${BATON.width}" stroke-linecap="round"/>
${bands}
</svg>
`;
}

// Signed distances (negative inside) for each shape.
function roundedRect(x: number, y: number): number {
  const half = SIZE / 2 - BG.inset;
  const qx = Math.abs(x - C) - (half - BG.radius);
  const qy = Math.abs(y - C) - (half - BG.radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - BG.radius;
}

function batonT(x: number, y: number): number {
  const [fx, fy] = BATON.from;
  const [dx, dy] = [BATON.to[0] - fx, BATON.to[1] - fy];
  return ((x - fx) * dx + (y - fy) * dy) / (dx * dx + dy * dy);
}

/** The baton capsule (round ends) or a butt-ended slice of it between t0 and t1. */
function segment(x: number, y: number, t0: number, t1: number, round: boolean): number {
  const [fx, fy] = BATON.from;
  const [dx, dy] = [BATON.to[0] - fx, BATON.to[1] - fy];
  const len = Math.hypot(dx, dy);
  const t = batonT(x, y);
  if (round) {
    const tc = Math.min(Math.max(t, t0), t1);
    return Math.hypot(x - (fx + dx * tc), y - (fy + dy * tc)) - BATON.width / 2;
  }
  const across = Math.abs((x - fx) * dy - (y - fy) * dx) / len - BATON.width / 2;
  const along = Math.max(t0 - t, t - t1) * len;
  return Math.max(across, along);
}

function arc(x: number, y: number, centreDeg: number): number {
  const angle = Math.atan2(y - C, x - C);
  let delta = angle - rad(centreDeg);
  delta = Math.atan2(Math.sin(delta), Math.cos(delta));
  if (Math.abs(delta) <= rad(ARC.span)) return Math.abs(Math.hypot(x - C, y - C) - ARC.radius) - ARC.width / 2;
  const ends = arcEnds(centreDeg);
  return Math.min(...ends.map(([ex, ey]) => Math.hypot(x - ex, y - ey))) - ARC.width / 2;
}

function over(dst: RGBA, src: RGBA, coverage: number): RGBA {
  const a = src[3] * Math.min(Math.max(coverage, 0), 1);
  const outA = a + dst[3] * (1 - a);
  if (outA === 0) return [0, 0, 0, 0];
  const mix = (i: 0 | 1 | 2): number => (src[i] * a + dst[i] * dst[3] * (1 - a)) / outA;
  return [mix(0), mix(1), mix(2), outA];
}

function render(): Buffer {
  const [top, bottom] = [hex(BG.top), hex(BG.bottom)];
  const rows: Buffer[] = [];
  for (let py = 0; py < SIZE; py++) {
    const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0 (None)
    for (let px = 0; px < SIZE; px++) {
      const [x, y] = [px + 0.5, py + 0.5];
      const g = (y - BG.inset) / (SIZE - 2 * BG.inset);
      const bg: RGBA = [lerp(top[0], bottom[0], g), lerp(top[1], bottom[1], g), lerp(top[2], bottom[2], g), 1];
      let c: RGBA = over([0, 0, 0, 0], bg, 0.5 - roundedRect(x, y));
      for (const centre of ARC.centres) c = over(c, hex(ARC.color), 0.5 - arc(x, y, centre));
      c = over(c, hex(BATON.color), 0.5 - segment(x, y, 0, 1, true));
      for (const t of BANDS.at) {
        const d = Math.max(segment(x, y, 0, 1, true), segment(x, y, t - BANDS.length / 2, t + BANDS.length / 2, false));
        c = over(c, hex(BANDS.color), 0.5 - d);
      }
      row.set(
        c.map((v, i) => Math.round(i === 3 ? v * 255 : v)),
        1 + px * 4,
      );
    }
    rows.push(row);
  }
  return png(SIZE, SIZE, Buffer.concat(rows));
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = (CRC_TABLE[(c ^ byte) & 255] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(4 + body.length + 4);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 4 + body.length);
  return out;
}

function png(width: number, height: number, raw: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'icon.svg'), svg());
fs.writeFileSync(path.join(outDir, 'icon.png'), render());
console.log(`wrote ${path.join(outDir, 'icon.svg')} and icon.png (${SIZE}x${SIZE})`);
