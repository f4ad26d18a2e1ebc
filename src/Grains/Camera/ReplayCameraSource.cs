using Microsoft.Extensions.Logging;
using PoseCluster.Pose.Video;
using PoseCluster.Pose.Video.Replay;

namespace PoseCluster.Grains.Camera;

/// <summary>
/// A simulated camera: on its first read it gets the process-wide clip (decoding it once), then replays it. It starts
/// at a random phase within one frame interval, like independent real cameras: cameras registered together would
/// otherwise deliver their frames in synchronised bursts, and every burst would queue at the inference grain.
/// </summary>
internal sealed class ReplayCameraSource : IFrameSource
{
    private readonly ReplayClipOptions _clip;
    private readonly double _fps;
    private readonly ILoggerFactory _loggerFactory;
    private ReplayFrameSource? _source;

    public ReplayCameraSource(ReplayClipOptions clip, double fps, ILoggerFactory loggerFactory)
    {
        _clip = clip;
        _fps = fps;
        _loggerFactory = loggerFactory;
        DisplayName = CameraSourceOpener.ReplayScheme + SourceRedactor.Redact(clip.Source);
    }

    public string DisplayName { get; }

    public FrameSourceInfo? Info => _source?.Info;

    public async ValueTask<VideoFrame?> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (_source is null)
        {
            ReplayClip clip;
            try
            {
                clip = await ReplayClip.GetOrLoadAsync(_clip, _loggerFactory, cancellationToken).ConfigureAwait(false);
            }
            catch (ArgumentException e)
            {
                throw new FrameSourceException(FrameSourceErrorKind.NotFound, DisplayName, e.Message, e);
            }

            await Task.Delay(TimeSpan.FromSeconds(Random.Shared.NextDouble() / _fps), cancellationToken).ConfigureAwait(false);
            _source = new ReplayFrameSource(clip, _fps);
        }

        return await _source.ReadAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _source?.DisposeAsync() ?? ValueTask.CompletedTask;
}
