using System.Text.RegularExpressions;

namespace PoseCluster.Cluster.Local;

/// <summary>
/// What a local cluster runs as one process: a name, a command line, how to tell that it is ready and how to stop it.
/// The launcher's process list is made of these, so adding a process (the gateway, a simulator) is one more entry.
/// Arguments are visible to every local user (<c>/proc</c>) and are written to the log: pass secrets through
/// <see cref="Environment"/>, never as arguments.
/// </summary>
public sealed class LocalProcessSpec
{
    /// <summary>Name of the process, unique in a cluster; names its log file. Lower-case letters, digits and '-'.</summary>
    public required string Name { get; init; }

    /// <summary>The executable (a path, or a name found on PATH).</summary>
    public required string FileName { get; init; }

    /// <summary>Its arguments. Default none.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Environment changes: a null value removes the variable. Default none (the launcher's environment is inherited).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Working directory. Default null: the launcher's.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>File that receives every output line (stdout and stderr). Default null: output is only kept in memory.</summary>
    public string? LogFile { get; init; }

    /// <summary>
    /// A regular expression with a group named <c>address</c> matched against each output line: the first match is the
    /// process's address (e.g. a silo's <c>serving ... at http://127.0.0.1:41234</c> when it listens on port 0). Default null.
    /// </summary>
    public string? AddressPattern { get; init; }

    /// <summary>A regular expression matched against each output line: the process is ready once one matches. Default null.</summary>
    public string? ReadyPattern { get; init; }

    /// <summary>
    /// URL that answers 2xx once the process is ready (e.g. <c>{address}/health</c>); <c>{address}</c> is replaced by
    /// the address <see cref="AddressPattern"/> found. Polled by the launcher. Default null.
    /// </summary>
    public string? HealthUrl { get; init; }

    /// <summary>Longest wait for readiness. Default 60 s.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The signal that asks the process to stop gracefully. Default SIGTERM.</summary>
    public ProcessSignal StopSignal { get; init; } = ProcessSignal.Terminate;

    /// <summary>How long a graceful stop may take before the whole process group is killed. Default 15 s.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Restart the process when it exits on its own while the cluster runs (a simulator); default false (a silo's death is news).</summary>
    public bool RestartOnExit { get; init; }

    /// <summary>Output lines kept in memory for error messages. Default 200.</summary>
    public int RecentLines { get; init; } = 200;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (string.IsNullOrEmpty(Name) || Name.Length > 64 || !Name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new ArgumentException($"The process name '{Name}' must be 1-64 lower-case letters, digits or '-'.");
        }

        if (string.IsNullOrWhiteSpace(FileName))
        {
            throw new ArgumentException($"Process '{Name}' has no executable.");
        }

        foreach (var (label, pattern) in new[] { ("address pattern", AddressPattern), ("ready pattern", ReadyPattern) })
        {
            if (pattern is null)
            {
                continue;
            }

            try
            {
                var regex = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
                if (label == "address pattern" && Array.IndexOf(regex.GetGroupNames(), "address") < 0)
                {
                    throw new ArgumentException($"The address pattern of process '{Name}' needs a group named 'address'.");
                }
            }
            catch (RegexParseException e)
            {
                throw new ArgumentException($"The {label} of process '{Name}' is not a valid regular expression: {e.Message}");
            }
        }

        if (HealthUrl is not null && HealthUrl.Contains("{address}", StringComparison.Ordinal) && AddressPattern is null)
        {
            throw new ArgumentException($"The health URL of process '{Name}' uses {{address}} but no address pattern finds it.");
        }

        // Placeholders a launcher fills in later ({address}, {port}, ...) stand for valid parts here.
        if (HealthUrl is not null
            && !Uri.TryCreate(Regex.Replace(HealthUrl.Replace("{address}", "http://localhost", StringComparison.Ordinal), @"\{\w+\}", "0", RegexOptions.None, TimeSpan.FromSeconds(1)), UriKind.Absolute, out _))
        {
            throw new ArgumentException($"The health URL of process '{Name}' is not an absolute URL.");
        }

        if (StartTimeout <= TimeSpan.Zero || StopGrace < TimeSpan.Zero || RecentLines < 1)
        {
            throw new ArgumentException($"Process '{Name}' needs a positive start timeout, a non-negative stop grace and at least one recent line.");
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {FileName} {string.Join(' ', Arguments)}";
}
