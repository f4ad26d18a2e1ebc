using System.Globalization;
using PoseCluster.Cluster.Local;

namespace PoseCluster.AppHost.Local;

/// <summary>
/// The values an extra process's spec may refer to: <c>{store}</c> (the cluster store's connection string),
/// <c>{bin}</c> (the folder of posecluster.dll and the other built executables), <c>{home}</c>, <c>{logs}</c> and
/// <c>{port}</c> (a loopback port of the process's own).
/// </summary>
/// <param name="Store">The store's connection string.</param>
/// <param name="Bin">The folder of the built executables.</param>
/// <param name="Home">The PoseCluster home.</param>
/// <param name="Logs">The run's log folder.</param>
internal sealed record ClusterVariables(string Store, string Bin, string Home, string Logs)
{
    /// <summary>A copy of <paramref name="spec"/> with every placeholder replaced, logging to <paramref name="logFile"/>.</summary>
    public LocalProcessSpec Apply(LocalProcessSpec spec, int port, string logFile, IReadOnlyDictionary<string, string?> environment)
    {
        string Expand(string text) => text
            .Replace("{store}", Store, StringComparison.Ordinal)
            .Replace("{bin}", Bin.TrimEnd('/'), StringComparison.Ordinal)
            .Replace("{home}", Home, StringComparison.Ordinal)
            .Replace("{logs}", Logs, StringComparison.Ordinal)
            .Replace("{port}", port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var merged = new Dictionary<string, string?>(environment);
        foreach (var (name, value) in spec.Environment)
        {
            merged[name] = value is null ? null : Expand(value);
        }

        return new LocalProcessSpec
        {
            Name = spec.Name,
            FileName = Expand(spec.FileName),
            Arguments = spec.Arguments.Select(Expand).ToList(),
            Environment = merged,
            WorkingDirectory = spec.WorkingDirectory is { } w ? Expand(w) : null,
            LogFile = spec.LogFile ?? logFile,
            AddressPattern = spec.AddressPattern,
            ReadyPattern = spec.ReadyPattern,
            HealthUrl = spec.HealthUrl is { } h ? Expand(h) : null,
            StartTimeout = spec.StartTimeout,
            StopSignal = spec.StopSignal,
            StopGrace = spec.StopGrace,
            RestartOnExit = spec.RestartOnExit,
            RecentLines = spec.RecentLines,
        };
    }
}
