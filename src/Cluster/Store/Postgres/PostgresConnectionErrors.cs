using System.Net.Sockets;
using Npgsql;

namespace PoseCluster.Cluster.Store.Postgres;

/// <summary>Classifies Npgsql failures and words them for operators, without ever echoing a password.</summary>
internal static class PostgresConnectionErrors
{
    /// <summary>True when the failure means the connection is unusable (server gone, restarted, network).</summary>
    public static bool IsConnectionLoss(Exception e) => e switch
    {
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState is "57P01" or "57P02" or "57P03",
        NpgsqlException n => n.IsTransient || n.InnerException is IOException or SocketException or TimeoutException,
        IOException or SocketException => true,
        _ => false,
    };

    /// <summary><c>host:port/database</c> of a connection string.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder) =>
        $"{builder.Host ?? "localhost"}:{builder.Port}/{builder.Database ?? builder.Username}";

    /// <summary>The "cannot reach" exception for a failed open.</summary>
    public static ClusterException Unreachable(NpgsqlConnectionStringBuilder builder, Exception e) =>
        new(
            ClusterErrorCode.StoreUnreachable,
            $"cannot reach the cluster store at {builder.Host ?? "localhost"}:{builder.Port}: {Redact(Flatten(e), builder.Password)}",
            e);

    /// <summary>Removes a password from a message.</summary>
    public static string Redact(string message, string? password) =>
        string.IsNullOrEmpty(password) ? message : message.Replace(password, "***", StringComparison.Ordinal);

    private static string Flatten(Exception e)
    {
        var parts = new List<string>();
        for (var x = e; x is not null && parts.Count < 3; x = x.InnerException)
        {
            if (!parts.Any(p => p.Contains(x.Message, StringComparison.Ordinal)))
            {
                parts.Add(x.Message.TrimEnd('.'));
            }
        }

        return string.Join(": ", parts);
    }
}
