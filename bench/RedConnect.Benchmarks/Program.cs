using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/RedConnect.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
