// Package bench holds summitbot's retrieval benchmarks: query latency of the
// hybrid search against chromem-go's own vector query, a search in one guild
// of an index holding a hundred guilds against one holding that guild alone, embedding requests at
// ingest, restart cost of a persisted index, heap per chunk, and the memory
// bandwidth that bounds a brute-force vector scan.
//
// Everything is in the _test.go files; the corpora are synthetic, generated
// deterministically from a fixed seed inside the benchmarks (nothing large is
// stored in the repository). See bench_test.go for the commands to run them.
package bench
