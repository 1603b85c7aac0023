#!/usr/bin/env node
/**
 * Draws the add-in icons (assets/icon-16.png, -32, -64, -80) with plain Node: a rounded square in the
 * Fluent brand blue with three white bars falling left to right — a Pareto (ABC) chart. PNG encoding by
 * hand (RGBA, filter 0, zlib deflate), anti-aliased by 4×4 supersampling, so no image package is needed
 * and the output is byte-for-byte reproducible.
 *
 *   node scripts/make-icons.js          write the icons
 *   node scripts/make-icons.js --check  exit 1 when an icon on disk differs from what this script draws
 */
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const SIZES = [16, 32, 64, 80];
const OUT_DIR = path.resolve(__dirname, "..", "assets");
const BRAND = [0x0f, 0x6c, 0xbd]; // Fluent UI webLightTheme brand (colorBrandBackground)
const WHITE = [0xff, 0xff, 0xff];
const SAMPLES = 4;

/** Bars in unit coordinates (0..1 of the icon): x0, x1 and top y; all stand on y = 0.8. */
const BARS = [
  { x0: 0.2, x1: 0.36, top: 0.2 },
  { x0: 0.42, x1: 0.58, top: 0.42 },
  { x0: 0.64, x1: 0.8, top: 0.6 },
];
const BASELINE = 0.8;

/** Inside the rounded square (corner radius 18 % of the side)? */
function inRoundedSquare(x, y) {
  const r = 0.18;
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  return x >= 0 && x <= 1 && y >= 0 && y <= 1 && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function inBar(x, y) {
  return BARS.some((b) => x >= b.x0 && x < b.x1 && y >= b.top && y < BASELINE);
}

/** RGBA pixels, row-major, premultiplied coverage turned into straight alpha. */
function draw(size) {
  const px = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let pxl = 0; pxl < size; pxl++) {
      let cover = 0;
      let white = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = (pxl + (sx + 0.5) / SAMPLES) / size;
          const y = (py + (sy + 0.5) / SAMPLES) / size;
          if (!inRoundedSquare(x, y)) continue;
          cover++;
          if (inBar(x, y)) white++;
        }
      }
      const i = (py * size + pxl) * 4;
      if (cover === 0) continue;
      const f = white / cover;
      for (let c = 0; c < 3; c++) px[i + c] = Math.round(BRAND[c] * (1 - f) + WHITE[c] * f);
      px[i + 3] = Math.round((255 * cover) / (SAMPLES * SAMPLES));
    }
  }
  return px;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A PNG file: 8-bit RGBA, no interlace, filter type 0 on every scanline. */
function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", zlib.deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function main(argv) {
  const check = argv.includes("--check");
  let stale = 0;
  fs.mkdirSync(OUT_DIR, { recursive: true });
  for (const size of SIZES) {
    const file = path.join(OUT_DIR, `icon-${size}.png`);
    const png = encodePng(size, draw(size));
    if (check) {
      if (!fs.existsSync(file) || !fs.readFileSync(file).equals(png)) {
        process.stderr.write(`${path.relative(process.cwd(), file)} is missing or out of date; run node scripts/make-icons.js\n`);
        stale++;
      }
    } else {
      fs.writeFileSync(file, png);
      process.stdout.write(`wrote ${path.relative(process.cwd(), file)} (${png.length} bytes)\n`);
    }
  }
  return stale === 0 ? 0 : 1;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

module.exports = { draw, encodePng, SIZES };
