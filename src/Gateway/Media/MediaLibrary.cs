using PoseCluster.Gateway.Api.Contracts;

namespace PoseCluster.Gateway.Media;

/// <summary>
/// The media folders whose videos may be camera sources. A path is accepted only when it is absolute, has no <c>..</c>
/// segment, and — after every symbolic link on the way is resolved — names an existing file inside one of the folders.
/// </summary>
public sealed class MediaLibrary
{
    private static readonly string[] VideoExtensions = [".mp4", ".avi", ".mkv", ".mov", ".webm", ".mjpeg", ".mjpg", ".ts"];
    private readonly IReadOnlyList<string> _folders;
    private readonly IReadOnlyList<string> _configured;

    /// <summary>Creates the library from <see cref="GatewayOptions.MediaFolders"/>.</summary>
    public MediaLibrary(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _configured = [.. options.MediaFolders.Select(f => WithSeparator(Path.GetFullPath(f))).Distinct(StringComparer.Ordinal)];
        _folders = [.. _configured.Select(f => WithSeparator(RealPath(f))).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The folders (absolute, links resolved).</summary>
    public IReadOnlyList<string> Folders => [.. _folders.Select(f => f.TrimEnd(Path.DirectorySeparatorChar))];

    /// <summary>Checks a file path; on success <paramref name="fullPath"/> is the canonical path, else <paramref name="error"/> says why.</summary>
    public bool TryResolve(string path, out string fullPath, out string error)
    {
        fullPath = "";
        if (_folders.Count == 0)
        {
            error = "file sources are disabled: the gateway has no media folder configured";
            return false;
        }

        if (path.Any(char.IsControl))
        {
            error = "must not contain control characters";
            return false;
        }

        if (path.Split('/', '\\').Any(segment => segment is ".." or "..."))
        {
            error = "must not contain '..' (path traversal)";
            return false;
        }

        if (!Path.IsPathRooted(path) || path.StartsWith('~'))
        {
            error = $"must be an absolute path inside a media folder ({string.Join(", ", Folders)})";
            return false;
        }

        var full = Path.GetFullPath(path);
        string real;
        try
        {
            real = RealPath(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = "cannot be resolved";
            return false;
        }

        // Judged by where the path really leads: a path through a linked parent folder (a checkout's ../shared) is
        // fine when it ends inside a folder, and a link inside a folder that leads out is not.
        if (!Inside(real))
        {
            error = _configured.Any(f => full.StartsWith(f, StringComparison.Ordinal)) || Inside(full)
                ? "is a link that leads outside the media folders"
                : $"is outside the media folders ({string.Join(", ", Folders)})";
            return false;
        }

        if (!File.Exists(real))
        {
            error = "names no file in the media folders";
            return false;
        }

        fullPath = real;
        error = "";
        return true;
    }

    /// <summary>Video files in the media folders (at most <paramref name="max"/>), by path.</summary>
    public IReadOnlyList<MediaFileView> ListVideos(int max = 500)
    {
        var files = new List<MediaFileView>();
        foreach (var folder in _folders)
        {
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 4, IgnoreInaccessible = true }))
            {
                if (files.Count >= max)
                {
                    break;
                }

                if (VideoExtensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase) && TryResolve(file, out var full, out _))
                {
                    files.Add(new MediaFileView(Path.GetFileName(full), full, "replay://" + full, new FileInfo(full).Length));
                }
            }
        }

        return [.. files.DistinctBy(f => f.Path).OrderBy(f => f.Path, StringComparer.Ordinal)];
    }

    private bool Inside(string path) => _folders.Any(f => path.StartsWith(f, StringComparison.Ordinal));

    private static string WithSeparator(string path) => path.EndsWith(Path.DirectorySeparatorChar) ? path : path + Path.DirectorySeparatorChar;

    /// <summary>The path with every symbolic link along it resolved (like realpath(3)); missing parts are kept as they are.</summary>
    private static string RealPath(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath) ?? "/";
        var current = root;
        foreach (var part in fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.Exists && info.LinkTarget is not null)
            {
                next = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? next;
                next = RealPath(Path.GetFullPath(next));
            }

            current = next;
        }

        return current;
    }
}
