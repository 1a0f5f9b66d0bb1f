// The bundled example models compiled to executables by kiln-compile, run
// on random inputs, and compared with their PyTorch forms in float64
// (examples/torch_models.py). Weights are scaled like a typical
// initialization (uniform in +-1/sqrt(fan_in)).

// RUN: %e2e %kiln_src_root/examples/mlp.mlir --compile --prelude %kiln_src_root/examples/torch_models.py --inputs "8x784xf32, 784x256xf32:-0.036..0.036, 256xf32:-0.036..0.036, 256x10xf32:-0.0625..0.0625, 10xf32:-0.0625..0.0625" --ref "mlp(t0, t1, t2, t3, t4)"
// RUN: %e2e %kiln_src_root/examples/transformer_block.mlir --compile --prelude %kiln_src_root/examples/torch_models.py --inputs "2x64x128xf32, 128xf32:0.5..1.5, 128xf32:-0.1..0.1, 128x384xf32:-0.088..0.088, 384xf32:-0.088..0.088, 128x128xf32:-0.088..0.088, 128xf32:-0.088..0.088, 128xf32:0.5..1.5, 128xf32:-0.1..0.1, 128x512xf32:-0.088..0.088, 512xf32:-0.088..0.088, 512x128xf32:-0.044..0.044, 128xf32:-0.044..0.044" --ref "transformer_block(*[t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12])"

// The transformer block auto-sharded (kiln-compile --shard=auto) over 1x4
// (sequence rows, heads for attention) and 2x4 devices (batch over "data"
// as well, QKV by columns) on 4 and 8 MPI processes: torch's outputs.
// RUN: %e2e %kiln_src_root/examples/transformer_block.mlir --compile --mpi 4 --compile-args "--mesh=model=4 --shard=auto" --prelude %kiln_src_root/examples/torch_models.py --inputs "2x64x128xf32, 128xf32:0.5..1.5, 128xf32:-0.1..0.1, 128x384xf32:-0.088..0.088, 384xf32:-0.088..0.088, 128x128xf32:-0.088..0.088, 128xf32:-0.088..0.088, 128xf32:0.5..1.5, 128xf32:-0.1..0.1, 128x512xf32:-0.088..0.088, 512xf32:-0.088..0.088, 512x128xf32:-0.044..0.044, 128xf32:-0.044..0.044" --ref "transformer_block(*[t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12])"
// RUN: %e2e %kiln_src_root/examples/transformer_block.mlir --compile --mpi 8 --compile-args "--mesh=data=2,model=4 --shard=auto" --prelude %kiln_src_root/examples/torch_models.py --inputs "2x64x128xf32, 128xf32:0.5..1.5, 128xf32:-0.1..0.1, 128x384xf32:-0.088..0.088, 384xf32:-0.088..0.088, 128x128xf32:-0.088..0.088, 128xf32:-0.088..0.088, 128xf32:0.5..1.5, 128xf32:-0.1..0.1, 128x512xf32:-0.088..0.088, 512xf32:-0.088..0.088, 512x128xf32:-0.044..0.044, 128xf32:-0.044..0.044" --ref "transformer_block(*[t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12])"
