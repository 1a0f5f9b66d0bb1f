// Times one ONNX model in ONNX Runtime (onnxruntime-node, CPU).
//
//   node ort_bench.js MODEL.onnx THREADS ITERATIONS OUT.bin IN0.npy [IN1.npy ...]
//
// Feeds the .npy inputs in the order of the model's inputs, runs twice to
// warm up and ITERATIONS timed runs, prints `median_ms: X`, and writes the
// first output's raw little-endian data to OUT.bin for the caller to check.
"use strict";
const fs = require("fs");
const ort = require("onnxruntime-node");

const DTYPES = {"<f4": ["float32", Float32Array], "<i8": ["int64", BigInt64Array]};

function readNpy(path) {
  const bytes = fs.readFileSync(path);
  const headerLength = bytes.readUInt16LE(8);
  const header = bytes.toString("latin1", 10, 10 + headerLength);
  const descr = /'descr':\s*'([^']+)'/.exec(header)[1];
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)[1]
      .split(",").map((s) => s.trim()).filter((s) => s).map(Number);
  if (!DTYPES[descr] || /'fortran_order':\s*True/.test(header))
    throw new Error(`${path}: unsupported array (${descr})`);
  const [type, ArrayType] = DTYPES[descr];
  const offset = 10 + headerLength;
  const data = new ArrayType(bytes.buffer.slice(bytes.byteOffset + offset,
                                                bytes.byteOffset + bytes.length));
  return new ort.Tensor(type, data, shape);
}

async function main() {
  const [model, threads, iterations, out, ...inputs] = process.argv.slice(2);
  const session = await ort.InferenceSession.create(model, {
    intraOpNumThreads: Number(threads), interOpNumThreads: 1,
    executionMode: "sequential", graphOptimizationLevel: "all"});
  const feeds = {};
  session.inputNames.forEach((name, i) => { feeds[name] = readNpy(inputs[i]); });
  let result;
  for (let i = 0; i < 2; ++i)
    result = await session.run(feeds);
  const times = [];
  for (let i = 0; i < Number(iterations); ++i) {
    const start = process.hrtime.bigint();
    result = await session.run(feeds);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const first = result[session.outputNames[0]].data;
  fs.writeFileSync(out, Buffer.from(first.buffer, first.byteOffset, first.byteLength));
  console.log(`median_ms: ${times[Math.floor(times.length / 2)]}`);
}

main().catch((error) => { console.error(`error: ${error.message}`); process.exit(1); });
