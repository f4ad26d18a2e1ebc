namespace PoseCluster.Grains.Camera;

/// <summary>How a camera grain ingests, queues and dispatches its frames.</summary>
public sealed class CameraGrainOptions
{
    /// <summary>
    /// Frames waiting for dispatch; when full, the oldest waiting frame is dropped (and counted) so the newest is
    /// always processed next. Default 2.
    /// </summary>
    public int QueueCapacity { get; set; } = 2;

    /// <summary>Frames of one camera being inferred at once (pipelining across the inference batch and the network). Default 2.</summary>
    public int MaxInFlight { get; set; } = 2;

    /// <summary>Width frames are scaled to by the decoder (keeps the aspect ratio). Default null: the source's width.</summary>
    public int? FrameWidth { get; set; }

    /// <summary>How long opening a source may take, up to its first frame. Default 10 s.</summary>
    public TimeSpan OpenTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A source that delivers nothing for this long is stalled and reconnected. Default 5 s.</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First reconnection wait; doubled per failure. Default 0.5 s.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest reconnection wait (also the retry interval of a failed camera). Default 15 s.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the latest frame is encoded as the camera's JPEG thumbnail. Default 1 s; zero disables thumbnails.</summary>
    public TimeSpan ThumbnailInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>JPEG quality of thumbnails. Default 70.</summary>
    public int ThumbnailQuality { get; set; } = 70;

    /// <summary>How often an activity-history row is written (fenced by epoch). Default 5 s; zero disables history.</summary>
    public TimeSpan ActivityInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A running camera re-reads its definition on every change notification of it and at least this often; a changed
    /// definition (URL, rate, pipeline) restarts the camera. Default 1 min.
    /// </summary>
    public TimeSpan DefinitionRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The per-camera tracker: bytetrack (default), greedy-oks (the baseline) or none.</summary>
    public string Tracker { get; set; } = "bytetrack";

    /// <summary>
    /// Blur heads (from the nose, eye and ear keypoints of the frame's poses) on thumbnails, so the dashboard never shows
    /// a face. Default false.
    /// </summary>
    public bool BlurHeads { get; set; }

    /// <summary>How a camera with pipeline <c>auto</c> switches between top-down and bottom-up (thresholds, hysteresis).</summary>
    public PoseCluster.Pose.Pipelines.AdaptivePipelinePolicyOptions Adaptive { get; set; } = new();

    /// <summary>Frames a replayed video (<c>replay://</c> sources) keeps in memory. Default 250.</summary>
    public int ReplayMaxFrames { get; set; } = 250;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (QueueCapacity is < 1 or > 1000)
        {
            throw new ArgumentException($"{nameof(QueueCapacity)} must be between 1 and 1000 (was {QueueCapacity}).");
        }

        if (MaxInFlight is < 1 or > 64)
        {
            throw new ArgumentException($"{nameof(MaxInFlight)} must be between 1 and 64 (was {MaxInFlight}).");
        }

        if (FrameWidth is { } w && w is < 16 or > 8192)
        {
            throw new ArgumentException($"{nameof(FrameWidth)} must be between 16 and 8192 (was {w}).");
        }

        if (OpenTimeout <= TimeSpan.Zero || StallTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(OpenTimeout)} and {nameof(StallTimeout)} must be positive.");
        }

        if (InitialBackoff <= TimeSpan.Zero || MaxBackoff < InitialBackoff)
        {
            throw new ArgumentException($"{nameof(InitialBackoff)} must be positive and at most {nameof(MaxBackoff)}.");
        }

        if (ThumbnailInterval < TimeSpan.Zero || ActivityInterval < TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(ThumbnailInterval)} and {nameof(ActivityInterval)} must not be negative.");
        }

        if (ThumbnailQuality is < 1 or > 100)
        {
            throw new ArgumentException($"{nameof(ThumbnailQuality)} must be between 1 and 100 (was {ThumbnailQuality}).");
        }

        if (!PoseCluster.Pose.Tracking.PoseTrackerFactory.Names.Contains(Tracker))
        {
            throw new ArgumentException($"{nameof(Tracker)} must be one of {string.Join(", ", PoseCluster.Pose.Tracking.PoseTrackerFactory.Names)} (was '{Tracker}').");
        }

        Adaptive.Validate();
        if (DefinitionRefreshInterval < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException($"{nameof(DefinitionRefreshInterval)} must be at least 1 s (was {DefinitionRefreshInterval}).");
        }

        if (ReplayMaxFrames is < 1 or > 100_000)
        {
            throw new ArgumentException($"{nameof(ReplayMaxFrames)} must be between 1 and 100000 (was {ReplayMaxFrames}).");
        }
    }
}
