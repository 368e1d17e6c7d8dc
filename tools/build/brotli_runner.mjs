// Brotli-compresses files for tools/build/compress.py (quality 11, 16 MB window): node brotli_runner.mjs '<json>'
// where <json> lists [output, input] path pairs. Each output is written to a temporary file, then renamed (several
// builds may run at once).
import fs from "node:fs";
import zlib from "node:zlib";

for (const [out, src] of JSON.parse(process.argv[2])) {
  const data = fs.readFileSync(src);
  const tmp = `${out}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, zlib.brotliCompressSync(data, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  }));
  fs.renameSync(tmp, out);
}
