using BenchmarkDotNet.Running;

namespace PoseCluster.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project bench/PoseCluster.Benchmarks -- --filter '*'</c> (default job);
/// add <c>--job short</c> for a quick iteration run.
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
