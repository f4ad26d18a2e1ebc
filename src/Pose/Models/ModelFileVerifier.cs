using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace PoseCluster.Pose.Models;

/// <summary>Checks that an installed model file is the catalog's file (size and sha256); remembers files already checked.</summary>
public static class ModelFileVerifier
{
    private static readonly ConcurrentDictionary<string, (long Length, DateTime Written, string Sha256)> Verified = new(StringComparer.Ordinal);

    /// <summary>The lower-case hex sha256 of a file.</summary>
    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>
    /// Throws <see cref="ModelCatalogException"/> when <paramref name="path"/> is missing or is not the file
    /// <paramref name="entry"/> describes. A file verified once in this process is re-hashed only when it changes.
    /// </summary>
    public static void Verify(ModelEntry entry, string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new ModelCatalogException(
                $"Model '{entry.Id}' is not installed ({path} is missing). Run `./posecluster setup` (or `./posecluster models install --from DIR`).");
        }

        if (Verified.TryGetValue(path, out var known) && known.Length == info.Length && known.Written == info.LastWriteTimeUtc && known.Sha256 == entry.Sha256)
        {
            return;
        }

        if (entry.Size > 0 && info.Length != entry.Size)
        {
            throw new ModelCatalogException(
                $"Model '{entry.Id}' at {path} has {info.Length} bytes; the catalog expects {entry.Size}. The file is not the catalog's model: reinstall it.");
        }

        var actual = Sha256Of(path);
        if (!string.Equals(actual, entry.Sha256, StringComparison.Ordinal))
        {
            throw new ModelCatalogException(
                $"Model '{entry.Id}' at {path} has sha256 {actual}; the catalog expects {entry.Sha256}. The file is not the catalog's model: reinstall it or fix the catalog entry.");
        }

        Verified[path] = (info.Length, info.LastWriteTimeUtc, actual);
    }
}
