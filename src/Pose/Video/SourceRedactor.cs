using System.Text.RegularExpressions;

namespace PoseCluster.Pose.Video;

/// <summary>
/// Removes credentials from source URLs and from any text that may quote them (ffmpeg's messages, exceptions, logs):
/// <c>rtsp://user:pass@host/x</c> becomes <c>rtsp://***:***@host/x</c>, and secret-looking query parameters
/// (<c>password=</c>, <c>pwd=</c>, <c>token=</c>...) lose their values.
/// </summary>
public static partial class SourceRedactor
{
    /// <summary>What replaces the user-info part of a URL.</summary>
    public const string RedactedUserInfo = "***:***";

    /// <summary>Returns <paramref name="text"/> with every URL's user-info and secret query values redacted.</summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        // Cheap pre-check: most log lines carry no URL credentials at all.
        if (!text.Contains('@') && !text.Contains('='))
        {
            return text;
        }

        var redacted = UserInfoPattern().Replace(text, "${scheme}" + RedactedUserInfo + "@");
        return SecretQueryPattern().Replace(redacted, "${name}***");
    }

    /// <summary>
    /// Redacts <paramref name="text"/> and, in addition, every literal occurrence of <paramref name="secrets"/>: ffmpeg
    /// sometimes quotes a decoded password outside a URL.
    /// </summary>
    internal static string Redact(string? text, IReadOnlyList<string> secrets)
    {
        var redacted = Redact(text);
        foreach (var secret in secrets)
        {
            // Very short secrets would shred ordinary words; the URL pattern already covers them inside URLs.
            if (secret.Length >= 3)
            {
                redacted = redacted.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return redacted;
    }

    /// <summary>The user name and password of <paramref name="url"/> (raw and percent-decoded); empty when it has none.</summary>
    internal static IReadOnlyList<string> SecretsOf(string url)
    {
        var match = UserInfoPattern().Match(url);
        if (!match.Success)
        {
            return [];
        }

        var secrets = new List<string>();
        foreach (var part in match.Groups["userinfo"].Value.Split(':', 2))
        {
            if (part.Length == 0)
            {
                continue;
            }

            secrets.Add(part);
            var decoded = Uri.UnescapeDataString(part);
            if (decoded != part)
            {
                secrets.Add(decoded);
            }
        }

        return secrets;
    }

    // scheme://userinfo@ : greedy up to the last '@' before the path or whitespace, so an unescaped '@' in a
    // password is still covered.
    [GeneratedRegex(@"(?<scheme>\b[a-zA-Z][a-zA-Z0-9+.\-]*://)(?<userinfo>[^/\s]*)@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfoPattern();

    [GeneratedRegex(@"(?<name>[?&;](?:password|passwd|pwd|pass|secret|token|access_token|auth|key|apikey|api_key)=)[^&\s#'""]*", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SecretQueryPattern();
}
