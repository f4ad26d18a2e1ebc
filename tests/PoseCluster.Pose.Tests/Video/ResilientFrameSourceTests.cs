using System.Collections.Concurrent;
using System.Diagnostics;
using PoseCluster.Pose.Tests.Media;
using PoseCluster.Pose.Video;
using PoseCluster.Pose.Video.Resilience;

namespace PoseCluster.Pose.Tests.Video;

/// <summary>The camera watchdog: stall and disconnect detection, state reports, backoff, reconnection, giving up.</summary>
[Collection(LiveStreamCollection.Name)]
public sealed class ResilientFrameSourceTests
{
    private static readonly ResilientFrameSourceOptions FastRetry = new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(100),
        MaxBackoff = TimeSpan.FromMilliseconds(400),
    };

    [Fact]
    public async Task Stalled_camera_is_detected_within_the_stall_timeout_and_reconnected_when_it_resumes()
    {
        await using var server = new MjpegTestServer(TestJpegFrames.Create(4), fps: 20);
        server.Start();
        var stall = TimeSpan.FromSeconds(1);
        await using var source = ResilientFrameSource.Open(
            new FrameSourceOptions { Source = server.Url(), StallTimeout = stall, OpenTimeout = TimeSpan.FromSeconds(2) },
            FastRetry);
        await using var reader = new BackgroundReader(source);

        await reader.WaitForAsync(FrameSourceState.Streaming, TimeSpan.FromSeconds(10));
        await reader.WaitForFramesAsync(5, TimeSpan.FromSeconds(10));
        server.Pause();
        var paused = reader.Elapsed;

        var stalled = await reader.WaitForAsync(FrameSourceState.Stalled, TimeSpan.FromSeconds(10));
        Assert.Equal(FrameSourceErrorKind.Stalled, stalled.Status.Error);
        Assert.Contains("no data for 1 s", stalled.Status.Reason, StringComparison.Ordinal);
        Assert.NotEqual(FrameSourceState.Streaming, source.State);
        // Detected once the stall timeout passed (frames already in the pipes may delay it by a few frame intervals).
        Assert.InRange(stalled.At - paused, stall * 0.8, stall + TimeSpan.FromSeconds(1.5));
        Assert.Equal(0, source.Reconnects);

        var framesBefore = reader.Frames;
        server.Resume();
        var resumed = await reader.WaitForAsync(FrameSourceState.Streaming, TimeSpan.FromSeconds(10), after: stalled.At);
        Assert.Contains("reconnection 1", resumed.Status.Reason, StringComparison.Ordinal);
        Assert.Equal(1, source.Reconnects);
        await reader.WaitForFramesAsync(framesBefore + 3, TimeSpan.FromSeconds(10));
        Assert.True(reader.IndicesAndTimestampsIncrease, "frame numbering continues across the reconnection");
    }

    [Fact]
    public async Task Killed_camera_process_is_reported_and_reconnected_when_it_comes_back()
    {
        var clip = TestClips.PetsShortGop;
        var camera = await FfmpegHttpCamera.StartAsync(clip, width: 160);
        var port = camera.Port;
        try
        {
            var stall = TimeSpan.FromSeconds(2);
            await using var source = ResilientFrameSource.Open(
                new FrameSourceOptions { Source = camera.Url, StallTimeout = stall, OpenTimeout = TimeSpan.FromSeconds(3) },
                FastRetry);
            await using var reader = new BackgroundReader(source);
            await reader.WaitForFramesAsync(5, TimeSpan.FromSeconds(10));

            camera.Kill();
            var killed = reader.Elapsed;
            var down = await reader.WaitForAsync(FrameSourceState.Stalled, TimeSpan.FromSeconds(10));
            Assert.True(down.At - killed < stall + TimeSpan.FromSeconds(1), $"noticed after {down.At - killed}");

            // While the camera is gone, attempts are refused and retried with backoff.
            await reader.WaitForAsync(FrameSourceState.Stalled, TimeSpan.FromSeconds(10), after: down.At, error: FrameSourceErrorKind.Unreachable);
            Assert.True(source.ConsecutiveFailures >= 2);

            camera.Dispose();
            camera = await FfmpegHttpCamera.StartAsync(clip, port, width: 160, waitUntilListening: false);
            var back = await reader.WaitForAsync(FrameSourceState.Streaming, TimeSpan.FromSeconds(10), after: down.At);
            Assert.Equal(1, back.Status.Reconnects);
            Assert.Equal(1, source.Reconnects);
            Assert.Equal(0, source.ConsecutiveFailures);
            var frames = reader.Frames;
            await reader.WaitForFramesAsync(frames + 3, TimeSpan.FromSeconds(10));
            Assert.True(reader.IndicesAndTimestampsIncrease);
        }
        finally
        {
            camera.Dispose();
        }
    }

    [Fact]
    public async Task Permanent_error_fails_at_once_with_the_reason()
    {
        var missing = Path.Combine(Path.GetTempPath(), "posecluster-tests", Guid.NewGuid().ToString("N"), "camera-7.mp4");
        await using var source = ResilientFrameSource.Open(new FrameSourceOptions { Source = missing }, FastRetry);
        var states = new List<FrameSourceStatus>();
        source.StateChanged += (_, s) => states.Add(s);

        var e = await Assert.ThrowsAsync<FrameSourceException>(async () => await source.ReadAsync());
        Assert.Equal(FrameSourceErrorKind.NotFound, e.Kind);
        Assert.Equal(FrameSourceState.Failed, source.State);
        Assert.Contains("camera-7.mp4", source.Reason, StringComparison.Ordinal);
        Assert.Equal([FrameSourceState.Connecting, FrameSourceState.Failed], states.Select(s => s.State));
        // It stays failed: no silent retry storm.
        await Assert.ThrowsAsync<FrameSourceException>(async () => await source.ReadAsync());
        Assert.Equal(2, states.Count);
    }

    [Fact]
    public async Task Permanent_error_is_retried_slowly_when_configured_and_recovers()
    {
        var folder = TestAssets.TempDirectory();
        try
        {
            await RecoversOnceTheFileAppearsAsync(Path.Combine(folder, "late.mp4"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task RecoversOnceTheFileAppearsAsync(string path)
    {
        await using var source = ResilientFrameSource.Open(
            new FrameSourceOptions { Source = path, OutputWidth = 96, OutputHeight = 54 },
            new ResilientFrameSourceOptions { InitialBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromMilliseconds(300), RetryPermanentErrors = true });
        var failed = new TaskCompletionSource();
        source.StateChanged += (_, s) =>
        {
            if (s.State == FrameSourceState.Failed)
            {
                failed.TrySetResult();
            }
        };

        var read = source.ReadAsync().AsTask();
        await failed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(FrameSourceErrorKind.NotFound, source.LastError);
        File.Copy(TestAssets.Media("video", "mmpose_demo_street_960x540_5frames.mp4"), path);
        using var frame = await read.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(frame);
        Assert.Equal(FrameSourceState.Streaming, source.State);
        Assert.Equal(1, source.Reconnects);
    }

    [Fact]
    public async Task Gives_up_after_max_attempts()
    {
        var port = FreePort.Next();
        await using var source = ResilientFrameSource.Open(
            new FrameSourceOptions { Source = $"rtsp://127.0.0.1:{port}/cam" },
            new ResilientFrameSourceOptions { InitialBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(50), MaxAttempts = 3 });
        var states = new List<FrameSourceState>();
        source.StateChanged += (_, s) => states.Add(s.State);
        var e = await Assert.ThrowsAsync<FrameSourceException>(async () => await source.ReadAsync());
        Assert.Equal(FrameSourceErrorKind.Unreachable, e.Kind);
        Assert.Contains("after 3 failed attempts", e.Message, StringComparison.Ordinal);
        Assert.Equal(
            [FrameSourceState.Connecting, FrameSourceState.Stalled, FrameSourceState.Connecting, FrameSourceState.Stalled, FrameSourceState.Connecting, FrameSourceState.Failed],
            states);
    }

    [Fact]
    public async Task File_end_is_Ended_or_restarts_with_continuing_numbering()
    {
        var clip = TestAssets.Media("video", "mmpose_demo_street_960x540_5frames.mp4");
        var options = new FrameSourceOptions { Source = clip, OutputWidth = 96, OutputHeight = 54 };
        await using (var once = ResilientFrameSource.Open(options, FastRetry))
        {
            var count = 0;
            while (await once.ReadAsync() is { } frame)
            {
                frame.Dispose();
                count++;
            }

            Assert.Equal(5, count);
            Assert.Equal(FrameSourceState.Ended, once.State);
        }

        var restart = FastRetry.Clone();
        restart.ReconnectAtEnd = true;
        await using var again = ResilientFrameSource.Open(options, restart);
        var timestamps = new List<TimeSpan>();
        for (var i = 0; i < 12; i++)
        {
            using var frame = await again.ReadAsync();
            Assert.Equal(i, frame!.Index);
            timestamps.Add(frame.Timestamp);
        }

        // 5 fps: the restarted file continues one frame interval after the last timestamp.
        Assert.Equal(Enumerable.Range(0, 12).Select(i => TimeSpan.FromMilliseconds(200 * i)), timestamps);
        Assert.Equal(2, again.Reconnects);
    }

    [Fact]
    public async Task Disposing_during_a_long_backoff_ends_the_read_at_once()
    {
        var port = FreePort.Next();
        var source = ResilientFrameSource.Open(
            new FrameSourceOptions { Source = $"rtsp://127.0.0.1:{port}/cam" },
            new ResilientFrameSourceOptions { InitialBackoff = TimeSpan.FromSeconds(20), MaxBackoff = TimeSpan.FromSeconds(20) });
        var stalled = new TaskCompletionSource();
        source.StateChanged += (_, s) =>
        {
            if (s.State == FrameSourceState.Stalled)
            {
                stalled.TrySetResult();
            }
        };

        var read = source.ReadAsync().AsTask();
        await stalled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await source.DisposeAsync();
        Assert.Null(await read.WaitAsync(TimeSpan.FromSeconds(3)));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await source.ReadAsync());
    }

    [Fact]
    public void Backoff_doubles_up_to_the_cap_with_bounded_jitter()
    {
        var options = new ResilientFrameSourceOptions();
        Assert.Equal(TimeSpan.FromSeconds(0.5), ReconnectBackoff.Delay(options, 1, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(1), ReconnectBackoff.Delay(options, 2, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(4), ReconnectBackoff.Delay(options, 4, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(30), ReconnectBackoff.Delay(options, 50, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(0.4), ReconnectBackoff.Delay(options, 1, 0.0));
        Assert.Equal(TimeSpan.FromSeconds(36), ReconnectBackoff.Delay(options, 50, 1.0));
    }

    [Fact]
    public void Invalid_options_are_rejected_with_the_option_name()
    {
        var e = Assert.Throws<ArgumentException>(() => new ResilientFrameSourceOptions { MaxBackoff = TimeSpan.FromMilliseconds(100) }.Validate());
        Assert.Contains(nameof(ResilientFrameSourceOptions.MaxBackoff), e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => new ResilientFrameSourceOptions { MaxAttempts = 0 }.Validate());
        Assert.Contains(nameof(ResilientFrameSourceOptions.MaxAttempts), e.Message, StringComparison.Ordinal);
    }

    /// <summary>Reads a source continuously on a background task, recording frames and state changes with their times.</summary>
    private sealed class BackgroundReader : IAsyncDisposable
    {
        private readonly ResilientFrameSource _source;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly ConcurrentQueue<(FrameSourceStatus Status, TimeSpan At)> _states = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private long _lastIndex = -1;
        private TimeSpan _lastTimestamp = TimeSpan.MinValue;
        private int _frames;
        private volatile bool _monotonic = true;

        public BackgroundReader(ResilientFrameSource source)
        {
            _source = source;
            source.StateChanged += (_, s) => _states.Enqueue((s, _clock.Elapsed));
            _loop = Task.Run(LoopAsync);
        }

        public TimeSpan Elapsed => _clock.Elapsed;

        public int Frames => Volatile.Read(ref _frames);

        public bool IndicesAndTimestampsIncrease => _monotonic;

        public async Task<(FrameSourceStatus Status, TimeSpan At)> WaitForAsync(
            FrameSourceState state, TimeSpan timeout, TimeSpan? after = null, FrameSourceErrorKind? error = null)
        {
            var deadline = _clock.Elapsed + timeout;
            while (_clock.Elapsed < deadline)
            {
                foreach (var entry in _states)
                {
                    if (entry.Status.State == state && entry.At > (after ?? TimeSpan.MinValue) && (error is null || entry.Status.Error == error))
                    {
                        return entry;
                    }
                }

                if (_loop.IsFaulted)
                {
                    await _loop;
                }

                await Task.Delay(20);
            }

            throw new TimeoutException($"No {state} state within {timeout}; states: {string.Join(" | ", _states.Select(s => $"{s.At.TotalSeconds:0.00}s {s.Status.State} {s.Status.Reason}"))}");
        }

        public async Task WaitForFramesAsync(int count, TimeSpan timeout)
        {
            var deadline = _clock.Elapsed + timeout;
            while (Frames < count)
            {
                if (_clock.Elapsed > deadline)
                {
                    throw new TimeoutException($"Only {Frames} of {count} frames within {timeout}; states: {string.Join(" | ", _states.Select(s => $"{s.At.TotalSeconds:0.00}s {s.Status.State} {s.Status.Reason}"))}");
                }

                if (_loop.IsFaulted)
                {
                    await _loop;
                }

                await Task.Delay(20);
            }
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
            }

            _stop.Dispose();
        }

        private async Task LoopAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                using var frame = await _source.ReadAsync(_stop.Token);
                if (frame is null)
                {
                    return;
                }

                if (frame.Index <= _lastIndex || frame.Timestamp <= _lastTimestamp)
                {
                    _monotonic = false;
                }

                _lastIndex = frame.Index;
                _lastTimestamp = frame.Timestamp;
                Interlocked.Increment(ref _frames);
            }
        }
    }
}
