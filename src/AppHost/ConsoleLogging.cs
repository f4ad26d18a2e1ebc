using Microsoft.Extensions.Logging;

namespace PoseCluster.AppHost;

/// <summary>The CLI's logger factory: warnings and errors to the console (POSECLUSTER_LOG=debug for more).</summary>
internal static class ConsoleLogging
{
    public static ILoggerFactory Factory { get; } = LoggerFactory.Create(builder =>
    {
        var level = Environment.GetEnvironmentVariable("POSECLUSTER_LOG")?.ToLowerInvariant() switch
        {
            "debug" => LogLevel.Debug,
            "info" or "information" => LogLevel.Information,
            _ => LogLevel.Warning,
        };
        builder.SetMinimumLevel(level);
        builder.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
    });
}
