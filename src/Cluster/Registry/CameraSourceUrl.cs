namespace PoseCluster.Cluster.Registry;

/// <summary>Splits credentials out of source URLs and puts them back, without the surprises of <see cref="Uri"/> normalisation.</summary>
internal static class CameraSourceUrl
{
    /// <summary>Returns the URL without its user-info part, and the credentials it held (if any).</summary>
    public static (string Url, CameraCredentials? Credentials) Split(string url)
    {
        var (start, at) = FindUserInfo(url);
        if (at < 0)
        {
            return (url, null);
        }

        var userInfo = url[start..at];
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        var user = colon < 0 ? userInfo : userInfo[..colon];
        var password = colon < 0 ? "" : userInfo[(colon + 1)..];
        var clean = url[..start] + url[(at + 1)..];
        return (clean, new CameraCredentials(Uri.UnescapeDataString(user), Uri.UnescapeDataString(password)));
    }

    /// <summary>Inserts credentials after <c>scheme://</c>; a URL without a scheme is returned unchanged.</summary>
    public static string Compose(string url, CameraCredentials? credentials, bool escape = true)
    {
        if (credentials is null)
        {
            return url;
        }

        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return url;
        }

        var user = escape ? Uri.EscapeDataString(credentials.UserName) : credentials.UserName;
        var password = escape ? Uri.EscapeDataString(credentials.Password) : credentials.Password;
        var userInfo = credentials.Password.Length == 0 ? user : user + ":" + password;
        return url[..(scheme + 3)] + userInfo + "@" + url[(scheme + 3)..];
    }

    /// <summary>The URL with any user-info replaced by <c>***</c>.</summary>
    public static string Redact(string url)
    {
        var (start, at) = FindUserInfo(url);
        return at < 0 ? url : url[..start] + "***@" + url[(at + 1)..];
    }

    private static (int Start, int At) FindUserInfo(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return (0, -1);
        }

        var start = scheme + 3;
        var end = url.IndexOfAny(['/', '?', '#'], start);
        if (end < 0)
        {
            end = url.Length;
        }

        var at = url.LastIndexOf('@', end - 1, end - start);
        return (start, at);
    }
}
