using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PoseCluster.Pose.Imaging;

namespace PoseCluster.Pose.Video.Replay;

/// <summary>
/// A video decoded once into memory, to be replayed by any number of simulated cameras
/// (<see cref="ReplayFrameSource"/>) without one decoder per camera. <see cref="GetOrLoadAsync"/> shares one clip per
/// source and size in the process. The frames are read-only: sources hand out views of the same pixels.
/// </summary>
public sealed class ReplayClip
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<ReplayClip>>> Shared = new(StringComparer.Ordinal);
    private readonly byte[][] _frames;

    private ReplayClip(string displayName, int width, int height, double framesPerSecond, byte[][] frames)
    {
        DisplayName = displayName;
        Width = width;
        Height = height;
        FramesPerSecond = framesPerSecond;
        _frames = frames;
    }

    /// <summary>The video's redacted name.</summary>
    public string DisplayName { get; }

    /// <summary>Frame width.</summary>
    public int Width { get; }

    /// <summary>Frame height.</summary>
    public int Height { get; }

    /// <summary>The video's own frame rate (0 when unknown).</summary>
    public double FramesPerSecond { get; }

    /// <summary>Frames held.</summary>
    public int Count => _frames.Length;

    /// <summary>Bytes of pixel data held.</summary>
    public long ByteSize => (long)_frames.Length * Width * Height * 3;

    /// <summary>
    /// The process-wide clip for <paramref name="options"/>, decoding it on first use (concurrent callers wait for the
    /// same decode). A failed decode is not cached.
    /// </summary>
    public static async Task<ReplayClip> GetOrLoadAsync(ReplayClipOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var key = options.Key;
        var lazy = Shared.GetOrAdd(key, _ => new Lazy<Task<ReplayClip>>(() => LoadAsync(options, loggerFactory, CancellationToken.None)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            Shared.TryRemove(new KeyValuePair<string, Lazy<Task<ReplayClip>>>(key, lazy));
            throw;
        }
    }

    /// <summary>Decodes <paramref name="options"/>' video into a new clip (not shared).</summary>
    public static async Task<ReplayClip> LoadAsync(ReplayClipOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var factory = loggerFactory ?? NullLoggerFactory.Instance;
        var frames = new List<byte[]>();
        await using var source = FrameSourceFactory.Open(
            new FrameSourceOptions { Source = options.Source, OutputWidth = options.OutputWidth, OpenTimeout = TimeSpan.FromSeconds(30) },
            factory);
        int width = 0, height = 0;
        while (frames.Count < options.MaxFrames && await source.ReadAsync(cancellationToken).ConfigureAwait(false) is { } frame)
        {
            using (frame)
            {
                width = frame.Image.Width;
                height = frame.Image.Height;
                frames.Add(frame.Image.Pixels.ToArray());
            }
        }

        if (frames.Count == 0)
        {
            throw new FrameSourceException(FrameSourceErrorKind.Ended, source.DisplayName, $"Ended: '{source.DisplayName}' has no frames to replay.");
        }

        var clip = new ReplayClip(source.DisplayName, width, height, source.Info?.FramesPerSecond ?? 0, [.. frames]);
        factory.CreateLogger<ReplayClip>().LogInformation(
            "Replay clip {Source}: {Frames} frames of {Width}x{Height} at {Fps} fps in memory ({Megabytes:0} MB)",
            clip.DisplayName, clip.Count, width, height, clip.FramesPerSecond, clip.ByteSize / 1e6);
        return clip;
    }

    /// <summary>A read-only view of frame <paramref name="index"/> (modulo the clip length).</summary>
    internal RgbImage View(long index) => RgbImage.Wrap(_frames[(int)(index % _frames.Length)], Width, Height);
}
