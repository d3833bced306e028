using BenchmarkDotNet.Running;

// bench/run.sh runs: dotnet run -c Release --project bench/micro -- --filter '*' --artifacts DIR,
// with BENCH_REDIS_PORT naming the throwaway redis-server it started.
BenchmarkSwitcher.FromAssembly(typeof(CronLock.Benchmarks.RunParts).Assembly).Run(args);
