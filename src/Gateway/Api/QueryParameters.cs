using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace PoseCluster.Gateway.Api;

/// <summary>Query-string checks shared by the history endpoints: unknown parameters and ISO 8601 times become field errors.</summary>
internal static class QueryParameters
{
    /// <summary>Adds an error for every parameter not in <paramref name="known"/>.</summary>
    public static void RejectUnknown(IQueryCollection query, string[] known, FieldErrors errors)
    {
        foreach (var key in query.Keys.Where(k => !known.Contains(k, StringComparer.Ordinal)))
        {
            errors.Add(key, $"Unknown parameter. Parameters: {string.Join(", ", known)}.");
        }
    }

    /// <summary>The time in parameter <paramref name="name"/> (UTC), null when absent; an unparsable one adds an error.</summary>
    public static DateTimeOffset? Time(IQueryCollection query, string name, FieldErrors errors)
    {
        if (!query.TryGetValue(name, out var value))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return parsed;
        }

        errors.Add(name, "must be an ISO 8601 time, e.g. 2025-01-31T12:00:00Z");
        return null;
    }
}
