using Microsoft.Extensions.Logging;
using PoseCluster.Cluster.Registry;
using PoseCluster.Pose.Video;
using PoseCluster.Pose.Video.Replay;
using PoseCluster.Pose.Video.Resilience;

namespace PoseCluster.Grains.Camera;

/// <summary>
/// Opens a camera's frame source behind the engine's watchdog (<see cref="ResilientFrameSource"/>): network cameras
/// through ffmpeg sampled at the target rate; local video files through ffmpeg too, looped and paced in real time
/// like a live camera; and <c>replay://PATH</c> sources, simulated cameras that replay a video decoded once per process
/// (<see cref="ReplayClip"/>). Failed cameras keep being retried every <see cref="CameraGrainOptions.MaxBackoff"/>.
/// </summary>
public sealed class CameraSourceOpener
{
    /// <summary>The URL scheme of simulated cameras.</summary>
    public const string ReplayScheme = "replay://";

    private readonly CameraGrainOptions _options;
    private readonly ILoggerFactory _loggerFactory;

    /// <summary>Creates the opener.</summary>
    public CameraSourceOpener(CameraGrainOptions options, ILoggerFactory loggerFactory)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _loggerFactory = loggerFactory ?? throw new ArgumentNullException(nameof(loggerFactory));
    }

    /// <summary>Whether <paramref name="url"/> names a simulated (replayed) camera.</summary>
    public static bool IsReplay(string url) => url.StartsWith(ReplayScheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>The watchdog-wrapped source of a camera; nothing is opened until the first read.</summary>
    public ResilientFrameSource Open(CameraSource source, double targetFps)
    {
        ArgumentNullException.ThrowIfNull(source);
        var resilience = new ResilientFrameSourceOptions
        {
            InitialBackoff = _options.InitialBackoff,
            MaxBackoff = _options.MaxBackoff,
            RetryPermanentErrors = true,
            ReconnectAtEnd = true,
        };
        var logger = _loggerFactory.CreateLogger<ResilientFrameSource>();
        if (IsReplay(source.Url))
        {
            var clip = new ReplayClipOptions { Source = source.Url[ReplayScheme.Length..], OutputWidth = _options.FrameWidth, MaxFrames = _options.ReplayMaxFrames };
            return new ResilientFrameSource(source.Url, () => new ReplayCameraSource(clip, targetFps, _loggerFactory), resilience, logger);
        }

        var options = new FrameSourceOptions
        {
            Source = source.ComposeUrlWithCredentials(),
            TargetFps = targetFps,
            OutputWidth = _options.FrameWidth,
            OpenTimeout = _options.OpenTimeout,
            StallTimeout = _options.StallTimeout,
        };
        if (!source.Url.Contains("://", StringComparison.Ordinal) || source.Url.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            // A file stands in for a live camera: paced in real time, looped.
            options.Loop = true;
            options.Realtime = true;
        }

        options.Validate();
        return new ResilientFrameSource(options.Source, () => FrameSourceFactory.Open(options, _loggerFactory), resilience, logger);
    }
}
