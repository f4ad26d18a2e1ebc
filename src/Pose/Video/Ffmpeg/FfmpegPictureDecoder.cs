using Microsoft.Extensions.Logging;
using PoseCluster.Pose.Imaging;

namespace PoseCluster.Pose.Video.Ffmpeg;

/// <summary>Decodes one still image with an ffmpeg run (any format ffmpeg reads: JPEG, PNG, BMP, WebP, TIFF...).</summary>
internal static class FfmpegPictureDecoder
{
    /// <summary>
    /// Decodes <paramref name="path"/>, optionally scaled, into an image that <paramref name="allocate"/> supplies
    /// once the size is known (width, height); returns it with ffmpeg's description of the source. Throws <see cref="FrameSourceException"/> classified as for videos.
    /// </summary>
    public static async Task<(RgbImage Image, FfmpegStreamHeader Header)> DecodeAsync(
        string ffmpegPath,
        string path,
        int? width,
        int? height,
        TimeSpan timeout,
        Func<int, int, RgbImage> allocate,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var display = SourceRedactor.Redact(path);
        FfmpegProcess process;
        try
        {
            process = FfmpegProcess.Start(ffmpegPath, FfmpegCommandLine.ForPicture(path, width, height), false, display, [], logger);
        }
        catch (FileNotFoundException e)
        {
            throw new FrameSourceException(FrameSourceErrorKind.NotFound, display, e.Message, e);
        }

        await using (process.ConfigureAwait(false))
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            RgbImage? image = null;
            try
            {
                if (await process.HeaderReady.WaitAsync(deadline.Token).ConfigureAwait(false))
                {
                    image = allocate(process.Header.OutputWidth, process.Header.OutputHeight);
                    await process.StandardOutput.ReadExactlyAsync(image.PixelMemory, deadline.Token).ConfigureAwait(false);
                    await process.WaitForExitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
                    if (process.ExitCode is 0)
                    {
                        return (image, process.Header);
                    }
                }
                else
                {
                    await process.WaitForExitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                image?.Dispose();
                throw new FrameSourceException(
                    FrameSourceErrorKind.Stalled,
                    display,
                    $"Stalled: decoding the image '{display}' took longer than {timeout.TotalSeconds:0.#} s.");
            }
            catch (EndOfStreamException)
            {
                await process.WaitForExitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            }
            catch
            {
                image?.Dispose();
                throw;
            }

            image?.Dispose();
            var lines = process.ProblemLines();
            var kind = FfmpegErrorClassifier.Classify(lines, isLive: false, hadFrames: false, out var evidence);
            var quoted = FfmpegErrorClassifier.Quote(lines, evidence);
            quoted = quoted.Length > 0 ? quoted + "." : quoted;
            throw new FrameSourceException(
                kind,
                display,
                $"{kind}: the image '{display}' could not be decoded.{quoted} {FfmpegErrorClassifier.Advice(kind)}");
        }
    }
}
