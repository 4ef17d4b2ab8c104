// Draws the extension icon (128x128 PNG, images/icon.png): a blue shield with a white padlock.
// Plain Node, no image library: shapes are tested per sub-pixel (4x4 supersampling) and the PNG
// is written by hand (zlib + CRC32). Run: node images/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const SIZE = 128;
const SS = 4;

/** The shield: flat top with round corners, straight sides, curving in to a point at the bottom. */
function inShield(x, y, inset = 0) {
  const top = 0.08 + inset, mid = 0.52, bottom = 0.94 - inset * 1.6, half = 0.38 - inset;
  if (y < top || y > bottom) return false;
  const dx = Math.abs(x - 0.5);
  if (y <= mid) {
    const r = 0.08; // rounded top corners
    if (y < top + r && dx > half - r) return Math.hypot(dx - (half - r), y - (top + r)) <= r;
    return dx <= half;
  }
  const t = (y - mid) / (bottom - mid);
  return dx <= half * (1 - t * t);
}

const roundRect = (x, y, x0, y0, x1, y1, r) => {
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return Math.hypot(x - cx, y - cy) <= r && x >= x0 && x <= x1 && y >= y0 && y <= y1;
};

/** The padlock: a body, a shackle (upper half ring) and a keyhole cut out of the body. */
function lockPart(x, y) {
  const keyhole = Math.hypot(x - 0.5, y - 0.555) <= 0.038 || (Math.abs(x - 0.5) <= 0.018 && y >= 0.555 && y <= 0.64);
  if (roundRect(x, y, 0.33, 0.45, 0.67, 0.7, 0.035)) return keyhole ? 'hole' : 'lock';
  const d = Math.hypot(x - 0.5, y - 0.45);
  if (y <= 0.45 && d <= 0.125 && d >= 0.08) return 'lock';
  if (y > 0.45 && y <= 0.47 && Math.abs(x - 0.5) <= 0.125 && Math.abs(x - 0.5) >= 0.08) return 'lock';
  return undefined;
}

function colour(x, y) {
  if (!inShield(x, y)) return [0, 0, 0, 0];
  if (!inShield(x, y, 0.035)) return [13, 35, 80, 255]; // border
  const part = lockPart(x, y);
  if (part === 'lock') return [255, 255, 255, 255];
  const k = (y - 0.08) / 0.86; // vertical gradient of the fill
  return [Math.round(52 - 26 * k), Math.round(120 - 57 * k), Math.round(226 - 83 * k), 255];
}

const rgba = Buffer.alloc(SIZE * SIZE * 4);
for (let py = 0; py < SIZE; py++) {
  for (let px = 0; px < SIZE; px++) {
    const acc = [0, 0, 0, 0];
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const c = colour((px + (sx + 0.5) / SS) / SIZE, (py + (sy + 0.5) / SS) / SIZE);
        // premultiplied accumulation keeps the anti-aliased edge free of dark fringes
        acc[0] += c[0] * c[3]; acc[1] += c[1] * c[3]; acc[2] += c[2] * c[3]; acc[3] += c[3];
      }
    }
    const o = (py * SIZE + px) * 4;
    const a = acc[3] / (SS * SS);
    rgba[o] = acc[3] ? Math.round(acc[0] / acc[3]) : 0;
    rgba[o + 1] = acc[3] ? Math.round(acc[1] / acc[3]) : 0;
    rgba[o + 2] = acc[3] ? Math.round(acc[2] / acc[3]) : 0;
    rgba[o + 3] = Math.round(a);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
const chunk = (type, data) => {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0); ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; ihdr[9] = 6; // 8-bit RGBA
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) rgba.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4); // filter 0 per row
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0)),
]);
const out = fileURLToPath(new URL('./icon.png', import.meta.url));
writeFileSync(out, png);
console.log(`[icon] ${out}: ${SIZE}x${SIZE}, ${png.length} bytes`);
