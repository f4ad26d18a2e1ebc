using PoseCluster.Cluster;
using PoseCluster.Cluster.Placement;
using PoseCluster.Cluster.Registry;
using PoseCluster.Gateway.Api;
using PoseCluster.Gateway.Api.Contracts;
using PoseCluster.Gateway.Media;
using PoseCluster.Pose.Pipelines;

namespace PoseCluster.Gateway.Cameras;

/// <summary>
/// Checks a camera input field by field. Source URLs must be <c>rtsp</c>, <c>rtsps</c>, <c>http</c> or <c>https</c> URLs
/// with a host, or files (a <c>file://</c> URL, an absolute path, or <c>replay://PATH</c>) inside the media folders.
/// </summary>
internal sealed class CameraInputValidator
{
    public const double MaxFps = 60;
    private const string ReplayScheme = "replay://";
    private static readonly string[] NetworkSchemes = ["rtsp", "rtsps", "http", "https"];
    private readonly MediaLibrary _media;

    public CameraInputValidator(MediaLibrary media)
    {
        _media = media;
    }

    /// <summary>The pipelines a camera may name: <c>auto</c> and every engine pipeline.</summary>
    public static IReadOnlyList<string> Pipelines { get; } = [PipelineCatalog.Auto, .. PosePipelineFactory.Names.Order(StringComparer.Ordinal)];

    /// <summary>
    /// Validates <paramref name="input"/>; fields left out take their value from <paramref name="existing"/> (an update)
    /// or their defaults. Errors go to <paramref name="errors"/> under <paramref name="prefix"/> + field name.
    /// </summary>
    public CameraDraft? Validate(CameraInput input, CameraRecord? existing, string prefix, FieldErrors errors)
    {
        var before = errors.Count;
        var name = input.Name?.Trim() ?? existing?.Name;
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(prefix + "name", "is required");
        }
        else if (name.Length > 200 || name.Any(char.IsControl))
        {
            errors.Add(prefix + "name", "must be 1-200 characters without control characters");
        }

        var source = input.SourceUrl?.Trim() ?? existing?.SourceUrl;
        var isFile = false;
        var userInUrl = false;
        if (string.IsNullOrWhiteSpace(source))
        {
            errors.Add(prefix + "source_url", "is required");
        }
        else if (CheckSource(source, out isFile, out userInUrl) is { } problem)
        {
            errors.Add(prefix + "source_url", problem);
        }
        else if (isFile)
        {
            source = NormaliseFile(source);
        }

        CameraCredentials? credentials = null;
        if (input.Username is not null || input.Password is not null)
        {
            if (string.IsNullOrEmpty(input.Username))
            {
                errors.Add(prefix + "username", "is required with a password");
            }
            else if (input.Username.Length > 256 || input.Username.Any(char.IsControl) || (input.Password?.Length ?? 0) > 256)
            {
                errors.Add(prefix + "username", "user name and password must be at most 256 characters");
            }
            else if (isFile)
            {
                errors.Add(prefix + "username", "file sources take no credentials");
            }
            else if (userInUrl)
            {
                errors.Add(prefix + "username", "give the credentials either in the URL or as username/password, not both");
            }
            else
            {
                credentials = new CameraCredentials(input.Username, input.Password ?? "");
            }
        }

        var fps = input.TargetFps ?? existing?.TargetFps ?? 10;
        if (!double.IsFinite(fps) || fps <= 0 || fps > MaxFps)
        {
            errors.Add(prefix + "target_fps", $"must be above 0 and at most {MaxFps}");
        }

        var pipeline = input.Pipeline?.Trim() ?? existing?.Pipeline ?? PipelineCatalog.Auto;
        var known = Pipelines.FirstOrDefault(p => string.Equals(p, pipeline, StringComparison.OrdinalIgnoreCase));
        if (known is null)
        {
            errors.Add(prefix + "pipeline", $"must be one of: {string.Join(", ", Pipelines)}");
        }

        var requirement = existing?.RequiredClass ?? NodeClassRequirement.Any;
        if (input.RequiredClass is { } required)
        {
            try
            {
                requirement = WireNames.ParseRequirement(required);
            }
            catch (ClusterException)
            {
                errors.Add(prefix + "required_class", "must be any, gpu or nuc");
            }
        }

        if (input.SiteId is not null && input.Site is not null)
        {
            errors.Add(prefix + "site", "give a site name or a site_id, not both");
        }
        else if (input.Site is { } site && (site.Length > 200 || site.Any(char.IsControl)))
        {
            errors.Add(prefix + "site", "must be at most 200 characters without control characters");
        }

        if (errors.Count > before)
        {
            return null;
        }

        var siteGiven = input.Site is not null || input.SiteId is not null;
        return new CameraDraft(
            name!,
            source!,
            string.IsNullOrWhiteSpace(input.Site) ? null : input.Site.Trim(),
            input.SiteId ?? (siteGiven ? null : existing?.SiteId),
            siteGiven,
            credentials,
            input.ClearCredentials == true,
            fps,
            known!,
            requirement,
            input.Enabled ?? existing?.Enabled ?? true);
    }

    /// <summary>Why a source URL is refused, or null when it is acceptable.</summary>
    private string? CheckSource(string source, out bool isFile, out bool userInUrl)
    {
        isFile = false;
        userInUrl = false;
        if (source.Length > 2048)
        {
            return "must be at most 2048 characters";
        }

        if (source.Any(c => char.IsControl(c) || c == ' '))
        {
            return "must not contain spaces or control characters";
        }

        if (source.StartsWith(ReplayScheme, StringComparison.OrdinalIgnoreCase))
        {
            isFile = true;
            return CheckFile(Uri.UnescapeDataString(source[ReplayScheme.Length..]), source[ReplayScheme.Length..]);
        }

        if (source.StartsWith('/'))
        {
            isFile = true;
            return CheckFile(source, source);
        }

        if (!Uri.TryCreate(source, UriKind.Absolute, out var uri))
        {
            return "must be an rtsp://, rtsps://, http(s)://, file:// or replay:// URL, or an absolute path of a video in a media folder";
        }

        if (uri.Scheme == Uri.UriSchemeFile)
        {
            isFile = true;
            var raw = source["file://".Length..];
            return uri.Host.Length > 0 ? "file URLs must name a local path (file:///path)" : CheckFile(uri.LocalPath, raw);
        }

        if (!NetworkSchemes.Contains(uri.Scheme))
        {
            return $"the scheme '{uri.Scheme}' is not supported (rtsp, rtsps, http, https, file, replay)";
        }

        if (string.IsNullOrEmpty(uri.Host))
        {
            return "must name a host";
        }

        userInUrl = uri.UserInfo.Length > 0;
        return null;
    }

    private string? CheckFile(string decoded, string raw)
    {
        // Refuse traversal in either form (%2e%2e decodes to ..).
        if (raw.Contains("%2e", StringComparison.OrdinalIgnoreCase) || raw.Contains("%2f", StringComparison.OrdinalIgnoreCase) || raw.Contains("%5c", StringComparison.OrdinalIgnoreCase))
        {
            return "must not contain encoded dots or slashes";
        }

        return _media.TryResolve(decoded, out _, out var error) ? null : error;
    }

    private string NormaliseFile(string source)
    {
        if (source.StartsWith(ReplayScheme, StringComparison.OrdinalIgnoreCase))
        {
            _media.TryResolve(Uri.UnescapeDataString(source[ReplayScheme.Length..]), out var full, out _);
            return ReplayScheme + full;
        }

        var path = source.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? new Uri(source).LocalPath : source;
        _media.TryResolve(path, out var resolved, out _);
        return resolved;
    }
}
