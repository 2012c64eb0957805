using BenchmarkDotNet.Running;
using RedConnect.Benchmarks.Srtp;

// dotnet run -c Release --project bench/RedConnect.Benchmarks -- --filter '*'
// dotnet run -c Release --project bench/RedConnect.Benchmarks -- srtp-cpu   (thread-CPU-time profile, no BenchmarkDotNet)
if (args.Length > 0 && args[0] == "srtp-cpu")
{
    return SrtpCpuProfile.Run(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
